/**
 * The drift check: predict's logged answers of a recent window against the champion's reference (its held-out rows'
 * answers, stored beside its weights by evaluate), by label distribution (PSI, Jensen–Shannon, chi-square), top-1
 * probability (Kolmogorov–Smirnov), the titles themselves (a domain classifier of our own engine) and feedback accuracy.
 */
package io.prodcat.evaluate.drift;
