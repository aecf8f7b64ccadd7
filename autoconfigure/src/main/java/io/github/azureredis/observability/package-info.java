/**
 * Health contributors and Micrometer meters of the Redis client, its authentication and its caches.
 */
@NullMarked
package io.github.azureredis.observability;

import org.jspecify.annotations.NullMarked;
