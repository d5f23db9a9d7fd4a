package io.prodcat.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing what arrives from the network before any function code sees it, with seeded random mutations (the same
 * cases on every run): MinIO's notification body and CloudEvents in either mode decode or are refused with
 * {@link EventFormatException} (an {@link IllegalArgumentException}: 400), within a second; never another exception,
 * never a hang.
 */
class EventDecodingFuzzTest {

    private static final String NOTIFICATION = """
            {"EventName":"s3:ObjectCreated:Put","Key":"dataset/train/a.csv","Records":[{"eventName":\
            "s3:ObjectCreated:Put","s3":{"bucket":{"name":"dataset"},"object":{"key":"train/a.csv","size":10,\
            "eTag":"abc"}}}]}""";
    private static final String STRUCTURED = """
            {"specversion":"1.0","id":"1","source":"/s","type":"io.prodcat.dataset.uploaded",\
            "datacontenttype":"application/json","data":{"bucket":"dataset","key":"train/a.csv","sizeBytes":1}}""";
    private static final String DATA = "{\"bucket\":\"dataset\",\"key\":\"train/a.csv\",\"sizeBytes\":1}";
    private static final char[] INTERESTING = {'{', '}', '[', ']', '"', ':', ',', '\\', '0', '-', 'e', '\u0000'};
    private static final int CASES = 500;

    @Test
    void minioNotificationsParseOrAreRefused() {
        Random random = new Random(1);
        for (int i = 0; i < CASES; i++) {
            byte[] body = mutated(NOTIFICATION, random).getBytes(StandardCharsets.UTF_8);
            cleanly(() -> BucketNotification.parse(body));
        }
    }

    @Test
    void structuredEventsDecodeOrAreRefused() {
        Random random = new Random(2);
        for (int i = 0; i < CASES; i++) {
            byte[] body = mutated(STRUCTURED, random).getBytes(StandardCharsets.UTF_8);
            cleanly(() -> IncomingEvent.expect(
                            EventType.DATASET_UPLOADED, Map.of("content-type", "application/cloudevents+json"), body)
                    .data(DatasetUploaded.class));
        }
    }

    @Test
    void binaryEventsDecodeOrAreRefused() {
        Random random = new Random(3);
        for (int i = 0; i < CASES; i++) {
            byte[] data = mutated(DATA, random).getBytes(StandardCharsets.UTF_8);
            String id = mutated("event-1", random);
            cleanly(() -> IncomingEvent.expect(
                            EventType.DATASET_UPLOADED,
                            Map.of(
                                    "ce-specversion", "1.0",
                                    "ce-id", id,
                                    "ce-source", "/s",
                                    "ce-type", "io.prodcat.dataset.uploaded"),
                            data)
                    .data(DatasetUploaded.class));
        }
    }

    /** The text with up to six characters replaced (by JSON's structural ones or anything), cut short, or random. */
    private static String mutated(String valid, Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return valid.substring(0, random.nextInt(valid.length() + 1));
            case 1:
                StringBuilder noise = new StringBuilder();
                for (int n = random.nextInt(300); n > 0; n--) {
                    noise.append((char) random.nextInt(0x2FF));
                }
                return noise.toString();
            default:
                char[] text = valid.toCharArray();
                for (int changes = random.nextInt(7); changes > 0; changes--) {
                    text[random.nextInt(text.length)] = random.nextBoolean()
                            ? INTERESTING[random.nextInt(INTERESTING.length)]
                            : (char) random.nextInt(0xFFFF);
                }
                return new String(text);
        }
    }

    private static void cleanly(Runnable decode) {
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            try {
                decode.run();
            } catch (EventFormatException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        });
    }
}
