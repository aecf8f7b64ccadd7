/**
 * Real Redis processes and an Azure-like Redis for tests, benchmarks and the sample application.
 */
@NullMarked
package io.github.azureredis.testsupport;

import org.jspecify.annotations.NullMarked;
