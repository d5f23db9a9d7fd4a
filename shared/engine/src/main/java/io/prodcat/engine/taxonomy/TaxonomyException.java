package io.prodcat.engine.taxonomy;

import io.prodcat.engine.dataset.DatasetException;

/** Labels that do not form a tree of paths (bad data: a training ends FAILED); the message names the label. */
public class TaxonomyException extends DatasetException {

    public TaxonomyException(String message) {
        super(message);
    }
}
