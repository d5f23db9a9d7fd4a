package io.prodcat.train;

import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.adapters.storage.StorageException;
import io.prodcat.adapters.storage.StoredObject;
import io.prodcat.events.BucketNotification;
import io.prodcat.events.DatasetUploaded;
import io.prodcat.function.support.BadInput;
import io.prodcat.function.support.DependencyUnavailable;
import io.prodcat.function.support.EventSink;
import io.prodcat.function.support.Unauthorized;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An S3 server's bucket notifications arrive here ({@code POST /minio}): MinIO's webhook target, Versity Gateway's
 * {@code --event-webhook-url}, anything that posts AWS's event envelope. Each created object in a dataset bucket
 * under the prefix becomes a {@code dataset.uploaded} CloudEvent sent to the Broker; other notifications are
 * acknowledged and ignored. How a notification is trusted, {@link TrainProperties.WebhookAuth}:
 * <ul>
 *   <li>{@code token} (MinIO): its {@code auth_token} (PRODCAT_WEBHOOK_TOKEN), checked in constant time before the
 *       body is read; without one configured every notification is refused.
 *   <li>{@code store} (emitters that cannot send a token): a notification is only a hint. Each record must name an
 *       object that is in the store, read with train's own credentials, with the record's ETag (and size, when it
 *       states one); what does not match is refused, so a forged notification can name nothing that was not really
 *       uploaded there, and what it names is trained on once, like a real upload.
 * </ul>
 */
@RestController
class BucketWebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(BucketWebhookController.class);
    private static final String NO_MATCH = "names no object stored in the dataset location with that ETag and size";
    /**
     * Records one unauthenticated notification may hold in {@code store} mode, each costing up to two S3 lookups;
     * Versity and AWS send one per notification.
     */
    static final int MAX_UNAUTHENTICATED_RECORDS = 100;

    private final TrainProperties.WebhookAuth auth;
    private final String webhookToken;
    private final DatasetLocations locations;
    private final ObjectStore store;
    private final EventSink sink;

    BucketWebhookController(TrainProperties properties, DatasetLocations locations, ObjectStore store, EventSink sink) {
        this.auth = properties.webhookAuth();
        this.webhookToken = properties.webhookToken();
        this.locations = locations;
        this.store = store;
        this.sink = sink;
        if (auth == TrainProperties.WebhookAuth.TOKEN && token().length == 0) {
            LOG.warn("PRODCAT_WEBHOOK_TOKEN is not set: POST /minio refuses every notification (401). Set it to the"
                    + " auth_token of MinIO's webhook target (notify_webhook:prodcat auth_token=...), or set"
                    + " PRODCAT_WEBHOOK_AUTH=store for a server that sends no token.");
        }
    }

    @PostMapping("/minio")
    ResponseEntity<Map<String, Object>> notification(HttpServletRequest request) throws IOException {
        if (auth == TrainProperties.WebhookAuth.TOKEN && !authorized(request.getHeader("Authorization"))) {
            throw new Unauthorized(
                    "missing or wrong Authorization: MinIO's webhook must send the configured auth_token");
        }
        BucketNotification notification;
        try {
            notification = BucketNotification.parse(request.getInputStream().readAllBytes());
        } catch (IllegalArgumentException e) {
            throw new BadInput("not an S3 bucket notification: " + e.getMessage());
        }
        if (auth == TrainProperties.WebhookAuth.STORE && notification.records().size() > MAX_UNAUTHENTICATED_RECORDS) {
            throw new BadInput("a notification without a token holds at most " + MAX_UNAUTHENTICATED_RECORDS
                    + " records, this one " + notification.records().size());
        }
        List<String> accepted = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        if (notification.isTest()) {
            ignored.add(BucketNotification.TEST_EVENT);
        }
        for (BucketNotification.ObjectEvent record : notification.records()) {
            String uri = "s3://" + record.bucket() + "/" + record.rawKey();
            if (!record.isObjectCreated()) {
                ignored.add(uri + " (" + record.eventName() + ")");
                continue;
            }
            Optional<DatasetUploaded> upload =
                    auth == TrainProperties.WebhookAuth.TOKEN ? asSent(record) : asStored(record);
            if (upload.isPresent()) {
                sink.send(stableId(record.eventName(), upload.get()), upload.get());
                accepted.add(
                        "s3://" + upload.get().bucket() + "/" + upload.get().key());
            } else if (auth == TrainProperties.WebhookAuth.TOKEN) {
                ignored.add(uri + " (" + record.eventName() + ")");
            } else {
                refused.add(uri + ": " + NO_MATCH);
            }
        }
        HttpStatus status =
                !accepted.isEmpty() ? HttpStatus.ACCEPTED : refused.isEmpty() ? HttpStatus.OK : HttpStatus.FORBIDDEN;
        return ResponseEntity.status(status).body(Map.of("accepted", accepted, "ignored", ignored, "refused", refused));
    }

    /** A token-authenticated record, as MinIO states it, if it lies in a dataset location. */
    private Optional<DatasetUploaded> asSent(BucketNotification.ObjectEvent record) {
        if (locations.refusal(record.bucket(), record.key()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new DatasetUploaded(record.bucket(), record.key(), record.sizeBytes(), record.eTag()));
    }

    /**
     * The stored object the record names, under either reading of its key, if it lies in a dataset location and has
     * the record's ETag (and size, when stated); the event carries what the store says.
     */
    private Optional<DatasetUploaded> asStored(BucketNotification.ObjectEvent record) {
        if (record.eTag() == null || record.eTag().isBlank()) {
            return Optional.empty();
        }
        for (String key : record.keyReadings()) {
            if (locations.refusal(record.bucket(), key).isPresent()) {
                continue;
            }
            Optional<StoredObject> stored;
            try {
                stored = store.stat(new S3Location(record.bucket(), key));
            } catch (StorageException e) {
                throw new DependencyUnavailable("cannot check the notified object: " + e.getMessage(), e);
            }
            if (stored.isPresent()
                    && record.eTag().equalsIgnoreCase(stored.get().eTag())
                    && (record.sizeBytes() < 0
                            || record.sizeBytes() == stored.get().sizeBytes())) {
                return Optional.of(new DatasetUploaded(
                        record.bucket(),
                        key,
                        stored.get().sizeBytes(),
                        stored.get().eTag()));
            }
        }
        LOG.warn(
                "webhook: refused a record that {}: s3://{}/{} ETag {} size {}",
                NO_MATCH,
                record.bucket(),
                record.rawKey(),
                record.eTag(),
                record.sizeBytes());
        return Optional.empty();
    }

    /** MinIO sends "Bearer <token>", or the token as it is when it already has two words; compared in constant time. */
    private boolean authorized(String header) {
        byte[] token = token();
        if (token.length == 0 || header == null) {
            return false;
        }
        String bare = header.startsWith("Bearer ") ? header.substring("Bearer ".length()) : header;
        boolean asBearer = MessageDigest.isEqual(bare.getBytes(StandardCharsets.UTF_8), token);
        boolean asIs = MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), token);
        return asBearer | asIs;
    }

    private byte[] token() {
        String token = webhookToken;
        return token == null ? new byte[0] : token.strip().getBytes(StandardCharsets.UTF_8);
    }

    /** The same upload notified again (a retry, a duplicate) gets the same event id. */
    private static String stableId(String eventName, DatasetUploaded upload) {
        String identity =
                eventName + "|" + upload.bucket() + "|" + upload.key() + "|" + upload.eTag() + "|" + upload.sizeBytes();
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
