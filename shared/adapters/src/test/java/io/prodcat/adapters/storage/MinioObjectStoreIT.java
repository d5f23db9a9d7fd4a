package io.prodcat.adapters.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.testkit.FreePort;
import io.prodcat.testkit.S3Extension;
import io.prodcat.testkit.S3Server;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(S3Extension.class)
class MinioObjectStoreIT {

    private static MinioObjectStore store;

    @BeforeAll
    static void connect(S3Server s3) {
        store = MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
    }

    @Test
    void putThenGetReturnsTheSameBytesAndListShowsThem() throws Exception {
        byte[] csv = "product_name,department\nOrganic Milk,dairy eggs\n".getBytes(StandardCharsets.UTF_8);
        S3Location location = S3Location.parse("s3://dataset/train/small.csv");

        store.put(location, new ByteArrayInputStream(csv), csv.length, "text/csv");

        try (InputStream in = store.open(location)) {
            assertThat(in.readAllBytes()).isEqualTo(csv);
        }
        assertThat(store.exists(location)).isTrue();
        assertThat(store.list("dataset", "train/"))
                .extracting(StoredObject::location, StoredObject::sizeBytes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(location, (long) csv.length));
        assertThat(store.list("dataset", "train/").get(0).lastModified()).isNotNull();
    }

    @Test
    void streamsAnObjectOfUnknownLengthInSeveralParts() throws Exception {
        byte[] weights = new byte[23 * 1024 * 1024];
        new Random(7).nextBytes(weights);
        S3Location location = S3Location.parse("s3://models/runs/abc/model.bin");

        store.put(location, new ByteArrayInputStream(weights), -1, "application/octet-stream");

        try (InputStream in = store.open(location)) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(weights));
        }
    }

    @Test
    void listsOnlyTheGivenPrefixInKeyOrder() {
        for (String key : new String[] {"feedback/b.csv", "feedback/a.csv", "train/x.csv"}) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            store.put(new S3Location("listing", key), new ByteArrayInputStream(bytes), bytes.length, "text/csv");
        }

        assertThat(store.list("listing", "feedback/"))
                .extracting(object -> object.location().key())
                .containsExactly("feedback/a.csv", "feedback/b.csv");
        assertThat(store.list("no-such-bucket", "")).isEmpty();
    }

    @Test
    void missingObjectIsNotFoundRatherThanAnOutage() {
        S3Location missing = S3Location.parse("s3://dataset/train/missing.csv");

        assertThat(store.exists(missing)).isFalse();
        assertThatThrownBy(() -> store.open(missing))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("s3://dataset/train/missing.csv");
    }

    @Test
    void unreachableServerIsAStorageFailure() {
        int closedPort = FreePort.find();
        MinioObjectStore down = MinioObjectStore.connect("http://127.0.0.1:" + closedPort, "k", "s");

        assertThatThrownBy(() -> down.exists(S3Location.parse("s3://dataset/x.csv")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("s3://dataset/x.csv");
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
