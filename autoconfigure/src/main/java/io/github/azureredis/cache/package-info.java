/**
 * Spring's cache abstraction on the Redisson client.
 */
@NullMarked
package io.github.azureredis.cache;

import org.jspecify.annotations.NullMarked;
