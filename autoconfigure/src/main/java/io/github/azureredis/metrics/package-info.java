/**
 * Micrometer meters of the Microsoft Entra ID token, Azure maintenance and the caches.
 */
@NullMarked
package io.github.azureredis.metrics;

import org.jspecify.annotations.NullMarked;
