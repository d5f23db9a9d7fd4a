package io.prodcat.adapters.persistence;

/**
 * The quality gate's recorded verdict on an evaluated model ({@code model_metrics.gate_*}).
 *
 * @param gateVerdict  {@code PROMOTE} or {@code KEEP}; null while not judged
 * @param gateReason   why, in words
 * @param gateChampion the champion version it was compared against; null when there was none
 */
public record GateRecord(String gateVerdict, String gateReason, String gateChampion) {

    public boolean judged() {
        return gateVerdict != null;
    }

    public boolean promote() {
        return "PROMOTE".equals(gateVerdict);
    }
}
