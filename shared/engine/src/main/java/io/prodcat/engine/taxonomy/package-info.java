/**
 * Labels as paths in a category tree ({@code dairy eggs > yogurt}): the tree the labels form, each level's
 * probability (an ancestor's is the sum over its leaves) and back-off to the deepest confident level. Flat labels
 * are a tree of one level. Quality per level is in {@code io.prodcat.evaluation}.
 */
package io.prodcat.engine.taxonomy;
