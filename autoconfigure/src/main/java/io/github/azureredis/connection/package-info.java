/**
 * The Redisson client, built from Spring Boot's Redis connection details with the defaults of Azure hosts, and
 * Spring Data Redis's connection factory on top of it.
 */
@NullMarked
package io.github.azureredis.connection;

import org.jspecify.annotations.NullMarked;
