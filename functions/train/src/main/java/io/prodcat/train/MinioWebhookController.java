package io.prodcat.train;

import io.prodcat.events.DatasetUploaded;
import io.prodcat.events.MinioNotification;
import io.prodcat.function.BadInput;
import io.prodcat.function.Unauthorized;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * MinIO's webhook target posts bucket notifications here ({@code mc event add … arn:minio:sqs::prodcat:webhook}).
 * Each created object under a watched bucket and prefix becomes a {@code dataset.uploaded} CloudEvent sent to
 * the Broker; other notifications are acknowledged and ignored.
 */
@RestController
class MinioWebhookController {

    private final TrainProperties.Dataset settings;
    private final EventSink sink;

    MinioWebhookController(TrainProperties properties, EventSink sink) {
        this.settings = properties.dataset();
        this.sink = sink;
    }

    @PostMapping("/minio")
    ResponseEntity<Map<String, Object>> notification(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(name = "Authorization", required = false) String auth) {
        if (!authorized(auth)) {
            throw new Unauthorized(
                    "missing or wrong Authorization: MinIO's webhook must send the configured auth_token");
        }
        MinioNotification notification;
        try {
            notification = MinioNotification.parse(body == null ? new byte[0] : body);
        } catch (IllegalArgumentException e) {
            throw new BadInput("not a MinIO bucket notification: " + e.getMessage());
        }
        List<String> accepted = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (MinioNotification.ObjectEvent record : notification.records()) {
            String uri = "s3://" + record.bucket() + "/" + record.key();
            if (record.isObjectCreated()
                    && settings.buckets().contains(record.bucket())
                    && record.key().startsWith(settings.prefix())) {
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

    private boolean authorized(String header) {
        String token = settings.webhookToken();
        if (token == null || token.isBlank()) {
            return true;
        }
        // MinIO sends "Bearer <token>", or the token as it is when it already has two words
        return header != null && (header.equals("Bearer " + token) || header.equals(token));
    }

    private static String stableId(MinioNotification.ObjectEvent record) {
        String identity = record.eventName() + "|" + record.bucket() + "|" + record.key() + "|" + record.eTag() + "|"
                + record.sizeBytes();
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
