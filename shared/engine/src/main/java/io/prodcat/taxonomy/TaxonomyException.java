package io.prodcat.taxonomy;

import io.prodcat.dataset.DatasetException;

/** Labels that do not form a tree of paths (bad data: a training ends FAILED); the message names the label. */
public class TaxonomyException extends DatasetException {

    public TaxonomyException(String message) {
        super(message);
    }
}
