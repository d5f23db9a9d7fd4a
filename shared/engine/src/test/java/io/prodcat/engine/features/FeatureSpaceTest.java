package io.prodcat.engine.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureSpaceTest {

    private static final FeatureSpace SPACE = FeatureSpace.fit(
            List.of("Organic Whole Milk", "Crème Brûlée Yogurt", "Potato Chips", "ABC Cola"), FeatureConfig.DEFAULT);

    @Test
    void caseAndUnicodeCompatibilityFormsGiveTheSameVector() {
        assertThat(asMap(SPACE.vectorize("ORGANIC whole MILK")))
                .isEqualTo(asMap(SPACE.vectorize("organic whole milk")));
        assertThat(asMap(SPACE.vectorize("ＡＢＣ Cola"))).isEqualTo(asMap(SPACE.vectorize("abc cola")));
        assertThat(asMap(SPACE.vectorize("Cre\u0300me Bru\u0302le\u0301e")))
                .isEqualTo(asMap(SPACE.vectorize("Crème Brûlée")));
    }

    @Test
    void punctuationOnlySeparatesTokens() {
        assertThat(asMap(SPACE.vectorize("potato-chips!"))).isEqualTo(asMap(SPACE.vectorize("Potato  Chips")));
    }

    @Test
    void eachFeatureFamilyIsUnitLengthAndUnseenNgramsAreDropped() {
        SparseVector vector = SPACE.vectorize("Whole Milk zzqx");
        double squaredSum = 0;
        for (float value : vector.values()) {
            squaredSum += value * value;
        }

        assertThat(squaredSum).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-5)); // words 1 + chars 1
        assertThat(SPACE.vectorize("qqqq zzzz").size()).isZero();
    }

    @Test
    void rebuiltSpaceVectorizesIdentically() {
        FeatureSpace rebuilt = new FeatureSpace(SPACE.config(), SPACE.buckets(), SPACE.idf());

        assertThat(asMap(rebuilt.vectorize("Organic Potato Chips")))
                .isEqualTo(asMap(SPACE.vectorize("Organic Potato Chips")));
    }

    @Test
    void rejectsInvalidConfiguration() {
        assertThatThrownBy(() -> new FeatureConfig(2, 5, 3, 20, 1, 1)).hasMessageContaining("1 <= min <= max <= 8");
        assertThatThrownBy(() -> new FeatureConfig(2, 3, 5, 30, 1, 1)).hasMessageContaining("hashBits must be 10..24");
    }

    private static Map<Integer, Float> asMap(SparseVector vector) {
        Map<Integer, Float> map = new HashMap<>();
        for (int i = 0; i < vector.size(); i++) {
            map.put(vector.columns()[i], vector.values()[i]);
        }
        return map;
    }
}
