/**
 * The sample application.
 */
@NullMarked
package io.github.azureredis.sample;

import org.jspecify.annotations.NullMarked;
