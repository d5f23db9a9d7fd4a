package io.prodcat.predict.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prodcat.predict.PredictProperties;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PredictionLogTest {

    @Test
    void aChangedShareTakesEffectForTheNextAnswers() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // configured on, written once a day: what is recorded stays in the buffer for the test to count
        PredictProperties.PredictionLog settings =
                new PredictProperties.PredictionLog(1.0, 1_000, 500, Duration.ofDays(1), Duration.ofDays(30), false);
        PredictionLog log = new PredictionLog(() -> null, settings, meters, Clock.systemUTC());

        log.record("v1", "oat milk", "dairy eggs", 0.9, "dairy eggs", 0.9);
        log.sample(0);
        for (int i = 0; i < 100; i++) {
            log.record("v1", "oat milk " + i, "dairy eggs", 0.9, "dairy eggs", 0.9);
        }
        double afterOff = buffered(meters);
        log.sample(1);
        log.record("v1", "rye bread", "bakery", 0.8, "bakery", 0.8);

        assertThat(afterOff).isEqualTo(1);
        assertThat(buffered(meters)).isEqualTo(2);
        assertThat(log.enabled()).as("the writer still runs").isTrue();
    }

    private static double buffered(SimpleMeterRegistry meters) {
        return meters.get("prodcat.prediction.log.buffered").gauge().value();
    }
}
