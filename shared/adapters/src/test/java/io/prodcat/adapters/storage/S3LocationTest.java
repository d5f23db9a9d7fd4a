package io.prodcat.adapters.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3LocationTest {

    @Test
    void parsesBucketAndKeyAndPrintsTheSameUri() {
        S3Location location = S3Location.parse("s3://dataset/train/Training_Data.csv");

        assertThat(location.bucket()).isEqualTo("dataset");
        assertThat(location.key()).isEqualTo("train/Training_Data.csv");
        assertThat(location).hasToString("s3://dataset/train/Training_Data.csv");
    }

    @Test
    void rejectsUrisWithoutSchemeBucketOrKey() {
        for (String bad : new String[] {"dataset/train.csv", "s3://", "s3://dataset", "s3://dataset/", "s3:///key"}) {
            assertThatThrownBy(() -> S3Location.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected s3://bucket/key");
        }
    }
}
