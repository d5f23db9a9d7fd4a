package io.prodcat.events;

/**
 * Data of {@code io.prodcat.drift.check} (sent by hand or by the local runner; Knative's PingSource sends
 * {@code dev.knative.sources.ping} with this as its data): check the champion's recent answers for drift.
 *
 * @param window how far back the check looks, an ISO-8601 duration ({@code PT1H}); null: the configured window
 */
public record DriftCheck(String window) implements EventData {

    @Override
    public String subject() {
        return null;
    }
}
