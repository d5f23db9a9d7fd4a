package io.prodcat.testkit;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (the team's data and fixtures beside the checkout). On a developer's machine a
 * missing one skips the test, saying why; under {@code CI=true} it fails the test with the same reason, so CI can
 * never be green while checking less.
 */
public final class Prerequisite {

    private Prerequisite() {}

    /** Skips (or, under {@code CI=true}, fails) the calling test unless {@code present}. */
    public static void require(boolean present, String whatIsMissing) {
        require(present, whatIsMissing, "true".equalsIgnoreCase(System.getenv("CI")));
    }

    static void require(boolean present, String whatIsMissing, boolean inCi) {
        if (present) {
            return;
        }
        if (inCi) {
            throw new IllegalStateException(
                    whatIsMissing + " (CI=true: a missing prerequisite fails, it is not skipped)");
        }
        Assumptions.abort(whatIsMissing);
    }
}
