/**
 * How the caches and the token manager start and stop their observations. Not an API: may change in any release;
 * the contexts and conventions in {@code io.github.azureredis.observation} are.
 */
@NullMarked
package io.github.azureredis.observation.internal;

import org.jspecify.annotations.NullMarked;
