/**
 * The {@code ./prodcat train | evaluate | predict} command line (picocli) over the engine: options checked at the
 * edge, JSON results on standard output, progress on standard error. Only the CLI depends on picocli.
 */
package io.prodcat.cli;
