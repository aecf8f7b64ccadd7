/**
 * Not an API: may change in any release. How the Spring cache and JCache store values: the serializer decorators
 * (values too large, not writable or not readable), the values not cached and why, and the JSON and Java
 * serialization formats behind the allow-list.
 */
@NullMarked
package io.github.azureredis.values;

import org.jspecify.annotations.NullMarked;
