package io.prodcat.engine.training;

/** A training cannot start from the model it was given (see {@link Parent#incompatibility}). */
public final class IncompatibleParentException extends IllegalArgumentException {

    public IncompatibleParentException(String reason) {
        super(reason);
    }
}
