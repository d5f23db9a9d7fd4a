/**
 * The predict function: the champion (or {@code PRODCAT_MODEL_URI}) served over HTTP (single, batch, top-k), swapped atomically
 * on {@code model.promoted}; feedback stored and exported as the next training dataset.
 */
package io.prodcat.predict;
