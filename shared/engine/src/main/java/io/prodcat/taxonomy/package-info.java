/**
 * Labels as paths in a category tree ({@code dairy eggs > yogurt}): the tree the labels form, each level's
 * probability (an ancestor's is the sum over its leaves), back-off to the deepest confident level, and quality per
 * level with hierarchical F1. Flat labels are a tree of one level.
 */
package io.prodcat.taxonomy;
