package io.prodcat.function.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.events.DatasetUploaded;
import io.prodcat.events.EventType;
import io.prodcat.events.OutgoingEvent;
import io.prodcat.events.TrainingSkipped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

class CloudEventsTest {

    private final CloudEvents events = new CloudEvents(URI.create("/prodcat/test"));

    @Test
    void decodesBinaryAndStructuredModeIntoTheTypesRecord() {
        String data = "{\"bucket\":\"dataset\",\"key\":\"train/a.csv\"}";
        Message<byte[]> binary = message(data, Map.of("ce-type", "io.prodcat.dataset.uploaded", "ce-id", "1"));
        Message<byte[]> structured = message(
                "{\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"/s\","
                        + "\"type\":\"io.prodcat.dataset.uploaded\",\"datacontenttype\":\"application/json\",\"data\":"
                        + data + "}",
                Map.of("content-type", "application/cloudevents+json"));

        for (Message<byte[]> message : java.util.List.of(binary, structured)) {
            DatasetUploaded uploaded = events.receiveData(message, EventType.DATASET_UPLOADED, DatasetUploaded.class);
            assertThat(uploaded.uri()).isEqualTo("s3://dataset/train/a.csv");
        }
    }

    @Test
    void anythingElseIsBadInputWithTheReason() {
        assertThatThrownBy(() -> events.receive(
                        message("{}", Map.of("ce-type", "io.prodcat.model.promoted")), EventType.DATASET_UPLOADED))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("io.prodcat.dataset.uploaded");
        assertThatThrownBy(() -> events.receive(message("{}", Map.of()), EventType.DATASET_UPLOADED))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("no ce-type");
        assertThatThrownBy(() -> events.receiveData(
                        message("{\"bucket\":\"b\"}", Map.of("ce-type", "io.prodcat.dataset.uploaded")),
                        EventType.DATASET_UPLOADED,
                        DatasetUploaded.class))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("'key'");
        assertThatThrownBy(() -> events.receive(
                        message("not json", Map.of("content-type", "application/cloudevents+json")),
                        EventType.DATASET_UPLOADED))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("structured");
    }

    @Test
    void aReplyHasANewIdThisSourceTheTypeItsSchemaAndSubject() {
        TrainingSkipped skipped = new TrainingSkipped("t", "s3://d/k.csv", "a".repeat(40), "FINISHED", "trained");

        Message<Object> reply = events.reply(OutgoingEvent.of(skipped));
        Message<Object> again = events.reply(OutgoingEvent.of(skipped));

        assertThat(reply.getPayload()).isSameAs(skipped);
        assertThat(reply.getHeaders())
                .containsEntry("ce-type", "io.prodcat.training.skipped")
                .containsEntry("ce-source", URI.create("/prodcat/test"))
                .containsEntry("ce-subject", "s3://d/k.csv")
                .containsEntry("ce-dataschema", EventType.TRAINING_SKIPPED.dataSchema());
        assertThat(reply.getHeaders().get("ce-id"))
                .isNotEqualTo(again.getHeaders().get("ce-id"));
    }

    /** With {@code ce-type}, a binary-mode event: the other required attributes are added unless given. */
    private static Message<byte[]> message(String body, Map<String, String> headers) {
        MessageBuilder<byte[]> builder = MessageBuilder.withPayload(body.getBytes(StandardCharsets.UTF_8));
        if (headers.containsKey("ce-type")) {
            builder.setHeader("ce-specversion", "1.0").setHeader("ce-id", "1").setHeader("ce-source", "/test");
        }
        headers.forEach(builder::setHeader);
        return builder.build();
    }
}
