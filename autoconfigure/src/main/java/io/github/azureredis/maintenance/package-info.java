/**
 * Azure Cache for Redis maintenance notifications ({@code AzureRedisEvents}): parsed, published as application
 * events, and acted on by relaxing the command timeout during a maintenance window and reconnecting after a failover.
 */
@NullMarked
package io.github.azureredis.maintenance;

import org.jspecify.annotations.NullMarked;
