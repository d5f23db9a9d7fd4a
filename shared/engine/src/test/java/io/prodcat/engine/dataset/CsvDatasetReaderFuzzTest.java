package io.prodcat.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing the dataset reader with seeded random inputs (the same cases on every run): whatever bytes arrive, it
 * returns a dataset or refuses with {@link DatasetException}, within a second; never another exception, never a hang.
 */
class CsvDatasetReaderFuzzTest {

    private static final CsvDatasetReader READER =
            new CsvDatasetReader(DatasetSchema.of("product_name", "department"), new ReadLimits(10_000, 2_000));
    private static final byte[] VALID = ("product_name,department\nOrganic Milk,dairy\n\"Chips, salted\",snacks\n"
                    + "Cola,beverages\nDog Kibble,pets\n")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] INTERESTING = {'"', ',', '\n', '\r', 0, (byte) 0xC3, (byte) 0xFF, (byte) 0xEF};
    private static final int CASES = 500;

    @Test
    void anyBytesAreReadOrRefusedCleanly() {
        Random random = new Random(20261127);
        for (int i = 0; i < CASES; i++) {
            byte[] input = new byte[random.nextInt(2_000)];
            random.nextBytes(input);
            assertReadOrRefused(input);
        }
    }

    @Test
    void aValidFileWithBytesChangedOrCutIsReadOrRefusedCleanly() {
        Random random = new Random(20261128);
        int read = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] input = VALID.clone();
            for (int changes = random.nextInt(8); changes > 0; changes--) {
                input[random.nextInt(input.length)] = random.nextBoolean()
                        ? INTERESTING[random.nextInt(INTERESTING.length)]
                        : (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                input = java.util.Arrays.copyOf(input, random.nextInt(input.length));
            }
            read += assertReadOrRefused(input) ? 1 : 0;
        }
        assertThat(read)
                .as("some mutations still read: the cases reach past the header")
                .isPositive();
    }

    /** @return whether it was read */
    private static boolean assertReadOrRefused(byte[] input) {
        return assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            try {
                Dataset dataset = READER.read(new ByteArrayInputStream(input));
                assertThat(dataset.labels()).hasSizeGreaterThanOrEqualTo(2);
                assertThat(dataset.sha1()).hasSize(40);
                return true;
            } catch (DatasetException refused) {
                assertThat(refused.getMessage()).isNotBlank();
                return false;
            }
        });
    }
}
