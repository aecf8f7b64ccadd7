/**
 * Micrometer observations of the starter: cache operations, the Redis commands the caches send, Microsoft Entra ID
 * token requests and connection re-authentication, with conventions an application can replace.
 */
@NullMarked
package io.github.azureredis.observation;

import org.jspecify.annotations.NullMarked;
