/**
 * The client's timeout budget and connection events, shared with the cache packages. Not an API: may change in any
 * release.
 */
@NullMarked
package io.github.azureredis.connection.internal;

import org.jspecify.annotations.NullMarked;
