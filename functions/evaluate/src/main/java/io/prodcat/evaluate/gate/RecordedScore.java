package io.prodcat.evaluate.gate;

import io.prodcat.adapters.persistence.GateReferenceDao;
import io.prodcat.engine.evaluation.ClassMetrics;
import io.prodcat.engine.evaluation.Evaluation;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A version's figures on a reference, as the gate compares them and as {@code reference_score} keeps them: so a
 * champion whose weights cannot be loaded any more is still compared by what it scored when it was judged.
 *
 * @param classF1   F1 per class present in the reference
 * @param classRows the reference's rows per class
 */
record RecordedScore(double macroF1, Map<String, Double> classF1, Map<String, Integer> classRows) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static RecordedScore of(Evaluation evaluation) {
        Map<String, Double> f1 = new LinkedHashMap<>();
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (ClassMetrics figures : evaluation.perClass()) {
            if (figures.support() > 0) {
                f1.put(figures.label(), figures.f1());
                rows.put(figures.label(), figures.support());
            }
        }
        return new RecordedScore(evaluation.macroF1(), f1, rows);
    }

    static RecordedScore of(GateReferenceDao.Score stored) {
        return new RecordedScore(
                stored.macroF1(),
                JSON.readValue(stored.classF1(), new TypeReference<Map<String, Double>>() {}),
                JSON.readValue(stored.classRows(), new TypeReference<Map<String, Integer>>() {}));
    }

    void record(GateReferenceDao dao, String version, long referenceId, java.time.Instant at) {
        dao.recordScore(
                version,
                referenceId,
                macroF1,
                JSON.writeValueAsString(classF1),
                JSON.writeValueAsString(classRows),
                at);
    }
}
