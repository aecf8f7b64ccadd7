/**
 * Not an API: may change in any release. Checks every feature makes alike.
 */
@NullMarked
package io.github.azureredis.checks;

import org.jspecify.annotations.NullMarked;
