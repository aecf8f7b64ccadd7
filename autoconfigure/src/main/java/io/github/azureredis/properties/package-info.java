/**
 * The rule for keys under {@code azure.redis}: each must be a property of the starter.
 */
@NullMarked
package io.github.azureredis.properties;

import org.jspecify.annotations.NullMarked;
