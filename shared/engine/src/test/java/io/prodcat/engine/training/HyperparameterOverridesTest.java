package io.prodcat.engine.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperparameterOverridesTest {

    @Test
    void oneLineOverridesAreKeyValuePairsSeparatedBySemicolons() {
        Map<String, String> overrides = HyperparameterOverrides.parse(" negativeSample=4000; costs = 0.5,1 ;");

        assertThat(overrides).containsExactly(Map.entry("negativeSample", "4000"), Map.entry("costs", "0.5,1"));
        Hyperparameters applied = HyperparameterOverrides.apply(Hyperparameters.DEFAULT, overrides);
        assertThat(applied.negativeSample()).isEqualTo(4000);
        assertThat(applied.costs()).containsExactly(0.5, 1.0);
        assertThat(HyperparameterOverrides.parse("  ")).isEmpty();
    }

    @Test
    void aMalformedOrRepeatedPairIsRefusedByName() {
        assertThatThrownBy(() -> HyperparameterOverrides.parse("costs=0.5; refit"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'refit' is not key=value");
        assertThatThrownBy(() -> HyperparameterOverrides.parse("=1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not key=value");
        assertThatThrownBy(() -> HyperparameterOverrides.parse("seed=1;seed=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'seed' is given twice");
        assertThatThrownBy(() -> HyperparameterOverrides.apply(
                        Hyperparameters.DEFAULT, HyperparameterOverrides.parse("negativeSamples=10")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown hyperparameter 'negativeSamples'");
    }
}
