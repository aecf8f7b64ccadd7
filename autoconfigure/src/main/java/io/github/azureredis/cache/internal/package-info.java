/**
 * Not an API: may change in any release. What the starter's cache packages ({@code cache}, {@code jcache}) share and
 * must therefore make public.
 */
@NullMarked
package io.github.azureredis.cache.internal;

import org.jspecify.annotations.NullMarked;
