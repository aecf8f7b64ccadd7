/**
 * Not an API: may change in any release. The JSON format of cached values: the allow-list checked before a class is
 * loaded, the class names written where the declared type does not determine the class, the faithful reading of JDK
 * collections, map keys, Spring Data pages and Kotlin's values, and the read-back check of written classes.
 */
@NullMarked
package io.github.azureredis.values.json;

import org.jspecify.annotations.NullMarked;
