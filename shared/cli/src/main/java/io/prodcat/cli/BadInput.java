package io.prodcat.cli;

import io.prodcat.engine.dataset.DatasetException;
import io.prodcat.engine.model.ModelFormatException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/** Which failures are the user's input, and their one-line reasons. */
final class BadInput {

    private BadInput() {}

    static boolean isBadInput(Exception error) {
        return error instanceof DatasetException
                || error instanceof ModelFormatException
                || error instanceof IllegalArgumentException
                || error instanceof UncheckedIOException;
    }

    static String reason(Exception error) {
        if (error instanceof UncheckedIOException io && io.getCause() instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (error instanceof UncheckedIOException io && io.getCause() != null) {
            message += ": " + io.getCause().getMessage();
        }
        return message.replace('\n', ' ');
    }
}
