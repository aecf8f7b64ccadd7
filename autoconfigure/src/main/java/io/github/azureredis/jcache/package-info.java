/**
 * JCache (JSR-107) on the Redisson client.
 */
@NullMarked
package io.github.azureredis.jcache;

import org.jspecify.annotations.NullMarked;
