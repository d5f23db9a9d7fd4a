package io.prodcat.train;

import io.prodcat.events.DatasetUploaded;
import io.prodcat.events.MinioNotification;
import io.prodcat.function.support.BadInput;
import io.prodcat.function.support.EventSink;
import io.prodcat.function.support.Unauthorized;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * MinIO's webhook target posts bucket notifications here ({@code mc event add … arn:minio:sqs::prodcat:webhook}).
 * Each created object under a watched bucket and prefix becomes a {@code dataset.uploaded} CloudEvent sent to
 * the Broker; other notifications are acknowledged and ignored. The token (MinIO's {@code auth_token},
 * PRODCAT_WEBHOOK_TOKEN) is required and checked, in constant time, before the body is read; without one configured
 * every notification is refused.
 */
@RestController
class MinioWebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(MinioWebhookController.class);

    private final String webhookToken;
    private final DatasetLocations locations;
    private final EventSink sink;

    MinioWebhookController(TrainProperties properties, DatasetLocations locations, EventSink sink) {
        this.webhookToken = properties.webhookToken();
        this.locations = locations;
        this.sink = sink;
        if (token().length == 0) {
            LOG.warn("PRODCAT_WEBHOOK_TOKEN is not set: POST /minio refuses every notification (401). Set it to the"
                    + " auth_token of MinIO's webhook target (notify_webhook:prodcat auth_token=...).");
        }
    }

    @PostMapping("/minio")
    ResponseEntity<Map<String, Object>> notification(HttpServletRequest request) throws IOException {
        if (!authorized(request.getHeader("Authorization"))) {
            throw new Unauthorized(
                    "missing or wrong Authorization: MinIO's webhook must send the configured auth_token");
        }
        MinioNotification notification;
        try {
            notification = MinioNotification.parse(request.getInputStream().readAllBytes());
        } catch (IllegalArgumentException e) {
            throw new BadInput("not a MinIO bucket notification: " + e.getMessage());
        }
        List<String> accepted = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (MinioNotification.ObjectEvent record : notification.records()) {
            String uri = "s3://" + record.bucket() + "/" + record.key();
            if (record.isObjectCreated()
                    && locations.refusal(record.bucket(), record.key()).isEmpty()) {
                sink.send(
                        stableId(record),
                        new DatasetUploaded(record.bucket(), record.key(), record.sizeBytes(), record.eTag()));
                accepted.add(uri);
            } else {
                ignored.add(uri + " (" + record.eventName() + ")");
            }
        }
        return ResponseEntity.status(accepted.isEmpty() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(Map.of("accepted", accepted, "ignored", ignored));
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

    private static String stableId(MinioNotification.ObjectEvent record) {
        String identity = record.eventName() + "|" + record.bucket() + "|" + record.key() + "|" + record.eTag() + "|"
                + record.sizeBytes();
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
