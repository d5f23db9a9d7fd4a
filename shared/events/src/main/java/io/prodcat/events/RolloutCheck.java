package io.prodcat.events;

/**
 * Data of {@code io.prodcat.rollout.check} (sent by hand or by the local runner; Knative's PingSource sends
 * {@code dev.knative.sources.ping}, whose data the rollout route ignores): judge the challenger and a fresh champion
 * on what predict has seen of them.
 */
public record RolloutCheck() implements EventData {

    @Override
    public String subject() {
        return null;
    }
}
