package io.prodcat.predict;

import io.prodcat.events.ModelPromoted;
import io.prodcat.function.BadInput;
import java.util.function.Consumer;

/**
 * {@code model.promoted} in (versions 1 and 2: version 2 only dropped {@code promoted}, ignored when present): the new
 * champion is loaded in the background and swapped in atomically.
 */
record PromotedFunction(ModelHolder models) implements Consumer<ModelPromoted> {

    @Override
    public void accept(ModelPromoted promoted) {
        if (promoted.modelVersion() == null || promoted.weightsUri() == null) {
            throw new BadInput("model.promoted needs modelVersion and weightsUri");
        }
        models.reload(promoted.modelVersion(), promoted.weightsUri());
    }
}
