/**
 * The cache benchmark: this starter beside what users would pick instead, in one run.
 */
@NullMarked
package io.github.azureredis.benchmarks;

import org.jspecify.annotations.NullMarked;
