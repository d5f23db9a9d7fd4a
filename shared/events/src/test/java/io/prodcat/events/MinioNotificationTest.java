package io.prodcat.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.testkit.SharedFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MinioNotificationTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "s3-ObjectCreated-Put.webhook.minio-docs.json",
                "s3-ObjectCreated-Put.kafka.minio-readme.json",
                "s3-ObjectCreated-Put.nsq.minio-readme.json"
            })
    void readsMinioOwnPayloads(String fixture) throws Exception {
        MinioNotification notification = MinioNotification.parse(Files.readAllBytes(SharedFixtures.minio(fixture)));

        assertThat(notification.eventName()).isEqualTo("s3:ObjectCreated:Put");
        assertThat(notification.records()).hasSize(1);
        MinioNotification.ObjectEvent record = notification.records().get(0);
        assertThat(record.isObjectCreated()).isTrue();
        assertThat(record.bucket()).isNotBlank();
        assertThat(record.key()).isNotBlank();
        assertThat(record.sizeBytes()).isPositive();
    }

    @Test
    void decodesUrlEncodedKeysAndKeepsDeletionsApart() {
        String body = """
                {"EventName":"s3:ObjectRemoved:Delete","Key":"dataset/train/My+Data%2B1.csv","Records":[
                 {"eventName":"s3:ObjectRemoved:Delete","s3":{"bucket":{"name":"dataset"},
                  "object":{"key":"train/My+Data%2B1.csv","sequencer":"1"}}}]}""";

        MinioNotification.ObjectEvent record = MinioNotification.parse(body.getBytes(StandardCharsets.UTF_8))
                .records()
                .get(0);

        assertThat(record.key()).isEqualTo("train/My Data+1.csv");
        assertThat(record.isObjectCreated()).isFalse();
        assertThat(record.sizeBytes()).isEqualTo(-1);
        assertThat(record.eTag()).isNull();
    }

    @Test
    void rejectsWhatIsNotANotificationSayingWhy() {
        assertThatThrownBy(() -> MinioNotification.parse("{not json".getBytes()))
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> MinioNotification.parse("[]".getBytes())).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> MinioNotification.parse("{\"EventName\":\"x\"}".getBytes()))
                .hasMessageContaining("no Records array");
        assertThatThrownBy(() -> MinioNotification.parse(
                        "{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"}}}]}"
                                .getBytes()))
                .hasMessageContaining("missing Records[].s3.object.key");
    }
}
