package io.prodcat.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.testkit.SharedFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BucketNotificationTest {

    private static byte[] captured(String name) throws Exception {
        try (var in = BucketNotificationTest.class.getResourceAsStream("/notifications/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsVersitysAwsEnvelopeWithItsRawKeyAndQuotedETag() throws Exception {
        BucketNotification put = BucketNotification.parse(captured("versity-1.8.0-put.json"));

        assertThat(put.eventName()).isEqualTo("s3:ObjectCreated:Put");
        assertThat(put.isTest()).isFalse();
        BucketNotification.ObjectEvent record = put.records().get(0);
        assertThat(record.isObjectCreated()).isTrue();
        assertThat(record.bucket()).isEqualTo("dataset");
        // Versity does not URL-encode: the key as sent is one reading, the decoded ("+" as a space) the other
        assertThat(record.rawKey()).isEqualTo("train/products one+two.csv");
        assertThat(record.keyReadings()).containsExactly("train/products one two.csv", "train/products one+two.csv");
        assertThat(record.sizeBytes()).isEqualTo(35);
        assertThat(record.eTag()).isEqualTo("87fb32697e717bef6380c0db3e7cf09f");
    }

    @Test
    void aMultipartUploadsRecordStatesNoSizeAndItsTestEventNoRecords() throws Exception {
        BucketNotification.ObjectEvent multipart = BucketNotification.parse(
                        captured("versity-1.8.0-complete-multipart-upload.json"))
                .records()
                .get(0);
        BucketNotification deletion = BucketNotification.parse(captured("versity-1.8.0-delete.json"));
        BucketNotification test = BucketNotification.parse(captured("versity-1.8.0-test-event.json"));

        assertThat(multipart.eventName()).isEqualTo("s3:ObjectCreated:CompleteMultipartUpload");
        assertThat(multipart.isObjectCreated()).isTrue();
        assertThat(multipart.sizeBytes()).as("Versity says 0").isEqualTo(-1);
        assertThat(multipart.eTag()).isEqualTo("6ff60ae6d7d1425af69b3875d3bea8f6-3");
        assertThat(deletion.records().get(0).isObjectCreated()).isFalse();
        assertThat(deletion.records().get(0).eTag()).isNull();
        assertThat(test.isTest()).isTrue();
        assertThat(test.records()).isEmpty();
    }

    @Test
    void aKeyThatIsNoValidEncodingIsReadAsSent() {
        String body = """
                {"Records":[{"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"dataset"},
                 "object":{"key":"train/100%.csv","size":5,"eTag":"\\"abc\\""}}}]}""";

        BucketNotification.ObjectEvent record = BucketNotification.parse(body.getBytes(StandardCharsets.UTF_8))
                .records()
                .get(0);

        assertThat(record.keyReadings()).containsExactly("train/100%.csv");
        assertThat(record.eTag()).isEqualTo("abc");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "s3-ObjectCreated-Put.webhook.minio-docs.json",
                "s3-ObjectCreated-Put.kafka.minio-readme.json",
                "s3-ObjectCreated-Put.nsq.minio-readme.json"
            })
    void readsMinioOwnPayloads(String fixture) throws Exception {
        BucketNotification notification = BucketNotification.parse(Files.readAllBytes(SharedFixtures.minio(fixture)));

        assertThat(notification.eventName()).isEqualTo("s3:ObjectCreated:Put");
        assertThat(notification.records()).hasSize(1);
        BucketNotification.ObjectEvent record = notification.records().get(0);
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

        BucketNotification.ObjectEvent record = BucketNotification.parse(body.getBytes(StandardCharsets.UTF_8))
                .records()
                .get(0);

        assertThat(record.key()).isEqualTo("train/My Data+1.csv");
        assertThat(record.isObjectCreated()).isFalse();
        assertThat(record.sizeBytes()).isEqualTo(-1);
        assertThat(record.eTag()).isNull();
    }

    @Test
    void rejectsWhatIsNotANotificationSayingWhy() {
        assertThatThrownBy(() -> BucketNotification.parse("{not json".getBytes()))
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> BucketNotification.parse("[]".getBytes())).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> BucketNotification.parse("{\"EventName\":\"x\"}".getBytes()))
                .hasMessageContaining("no Records array");
        assertThatThrownBy(() -> BucketNotification.parse(
                        "{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"}}}]}"
                                .getBytes()))
                .hasMessageContaining("missing Records[].s3.object.key");
    }
}
