/**
 * Not an API: may change in any release. Java serialization of cached values and JCache keys behind an allow-list:
 * classes are checked by name before they are loaded, with limits on depth, references and array lengths, so that
 * data written into Redis by someone else cannot make the application load or instantiate a class it did not allow.
 */
@NullMarked
package io.github.azureredis.values.jdk;

import org.jspecify.annotations.NullMarked;
