/**
 * Microsoft Entra ID authentication: the access token, refreshed in the background for the life of the
 * application, and the Redisson credentials resolver that re-authenticates every connection with it.
 */
@NullMarked
package io.github.azureredis.credentials;

import org.jspecify.annotations.NullMarked;
