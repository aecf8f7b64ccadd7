/**
 * Not an API: may change in any release. The Redisson client as the starter's features share it (the call timeout,
 * refused identities, what the server offers, connection events), and the only package that reaches into
 * Redisson's internals: each such type says what Redisson's public API lacks, so that an upgrade that changes
 * an internal breaks here, by name.
 */
@NullMarked
package io.github.azureredis.connection.redisson;

import org.jspecify.annotations.NullMarked;
