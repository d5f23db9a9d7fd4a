package io.prodcat.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTypeTest {

    private static final String V2 = "urn:io.prodcat:events:training.completed:v2";

    @Test
    void writesItsVersionInTheDataSchemaAndReadsTheVersionsItKeeps() {
        assertThat(EventType.TRAINING_COMPLETED.dataSchema()).hasToString(V2);
        assertThat(EventType.TRAINING_COMPLETED.versionOf(V2)).isEqualTo(2);
        assertThat(EventType.TRAINING_COMPLETED.versionOf(null)).isEqualTo(1);
        assertThat(EventType.TRAINING_COMPLETED.reads(1)).isTrue();
        assertThat(EventType.TRAINING_COMPLETED.reads(3)).isFalse();
        assertThat(EventType.DATASET_UPLOADED.reads(2)).isFalse();
        assertThat(EventType.of("io.prodcat.model.promoted")).contains(EventType.MODEL_PROMOTED);
        assertThat(EventType.of("io.prodcat.nothing")).isEmpty();
    }

    @Test
    void refusesAnotherTypesSchema() {
        assertThatThrownBy(() -> EventType.TRAINING_COMPLETED.versionOf("urn:io.prodcat:events:model.promoted:v2"))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("not a schema of");
    }

    @Test
    void incomingEventMustBeTheExpectedTypeInAReadableVersion() {
        Map<String, String> v3 = Map.of(
                "ce-specversion", "1.0",
                "ce-id", "1",
                "ce-source", "/test",
                "ce-type", "io.prodcat.training.completed",
                "ce-dataschema", "urn:io.prodcat:events:training.completed:v3");
        Map<String, String> wrongType = Map.of(
                "ce-specversion", "1.0", "ce-id", "1", "ce-source", "/test", "ce-type", "io.prodcat.dataset.uploaded");

        assertThatThrownBy(() -> IncomingEvent.expect(EventType.TRAINING_COMPLETED, v3, new byte[0]))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("version 3 is not read");
        assertThatThrownBy(() -> IncomingEvent.expect(EventType.TRAINING_COMPLETED, wrongType, new byte[0]))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("expected a CloudEvent of type");
    }

    @Test
    void aBinaryModeEventNeedsSpecversionIdAndSource() {
        Map<String, String> complete = Map.of(
                "ce-specversion", "1.0", "ce-id", "1", "ce-source", "/test", "ce-type", "io.prodcat.dataset.uploaded");
        for (String missing : List.of("ce-specversion", "ce-id", "ce-source")) {
            Map<String, String> headers = new java.util.HashMap<>(complete);
            headers.remove(missing);
            assertThatThrownBy(() -> IncomingEvent.of(headers, new byte[0]))
                    .as(missing)
                    .isInstanceOf(EventFormatException.class);
        }
        Map<String, String> otherVersion = new java.util.HashMap<>(complete);
        otherVersion.put("ce-specversion", "0.3");
        assertThatThrownBy(() -> IncomingEvent.of(otherVersion, new byte[0])).hasMessageContaining("1.0");
        assertThat(IncomingEvent.of(complete, new byte[0]).id()).isEqualTo("1");
    }

    @Test
    void trainingCompletedKeepsItsColumnsAsAListAndVersion1IsUpgraded() {
        byte[] v2 =
                ("{\"trainingId\":\"t\",\"runId\":\"r\",\"datasetPath\":\"s3://d/k.csv\",\"weightsUri\":\"s3://m/w\","
                                + "\"holdoutManifestUri\":\"s3://m/h.json\",\"validationF1\":0.9,\"validationMinF1\":0.5,\"textColumns\":[\"a\",\"b\"],\"labelColumn\":\"l\"}")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] v1 =
                ("{\"trainingId\":\"t\",\"runId\":\"r\",\"datasetPath\":\"s3://d/k.csv\",\"weightsUri\":\"s3://m/w\","
                                + "\"validationF1\":0.9,\"validationMinF1\":0.5,\"textColumns\":\"a,b\",\"labelColumn\":\"l\",\"holdoutFraction\":0.1,\"holdoutSeed\":7}")
                        .getBytes(StandardCharsets.UTF_8);

        TrainingCompleted current = EventJson.read(v2, TrainingCompleted.class, "training.completed");
        TrainingCompleted upgraded = EventJson.read(v1, TrainingCompletedV1.class, "training.completed")
                .upgrade();

        assertThat(current.textColumns()).containsExactly("a", "b");
        assertThat(current.holdoutManifestUri()).isEqualTo("s3://m/h.json");
        assertThat(upgraded.textColumns()).containsExactly("a", "b");
        assertThat(upgraded.holdoutManifestUri()).isNull();
        assertThat(EventJson.read(EventJson.write(current), TrainingCompleted.class, "x"))
                .isEqualTo(current);
    }

    @Test
    void dataMissingRequiredFieldsIsAFormatError() {
        assertThatThrownBy(() -> EventJson.read(
                        "{\"trainingId\":\"t\"}".getBytes(StandardCharsets.UTF_8),
                        TrainingCompleted.class,
                        "training.completed"))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("bad training.completed data");
        assertThatThrownBy(() -> EventJson.read(
                        "{\"trainingId\":\"t\",\"validationF1\":1,\"validationMinF1\":1}"
                                .getBytes(StandardCharsets.UTF_8),
                        TrainingCompleted.class,
                        "training.completed"))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("needs trainingId, runId");
        assertThatThrownBy(() -> EventJson.read(new byte[0], DatasetUploaded.class, "dataset.uploaded"))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("needs data");
        assertThatThrownBy(() -> EventJson.read("[1]".getBytes(StandardCharsets.UTF_8), DatasetUploaded.class, "x"))
                .isInstanceOf(EventFormatException.class);
        // JSON null is no data either (it was a NullPointerException, a 500, further on)
        assertThatThrownBy(() -> EventJson.read("null".getBytes(StandardCharsets.UTF_8), DatasetUploaded.class, "x"))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("x needs data (a JSON object)");
        // a field of the wrong type is named, and nothing of how the parser put it
        assertThatThrownBy(() -> EventJson.read(
                        "{\"bucket\":[],\"key\":\"k\",\"sizeBytes\":1}".getBytes(StandardCharsets.UTF_8),
                        DatasetUploaded.class,
                        "x"))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("bad x data: \"bucket\" is missing or has the wrong type or value");
    }

    @Test
    void deepOrHugeJsonIsRefusedBeforeItIsBuiltUp() {
        byte[] deep = ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
        byte[] longString =
                ("{\"bucket\":\"" + "b".repeat(100_000) + "\",\"key\":\"k\"}").getBytes(StandardCharsets.UTF_8);
        byte[] hugeDocument = ("{\"bucket\":\"b\",\"key\":\"k\"," + "\"x\":1,".repeat(300_000) + "\"y\":1}")
                .getBytes(StandardCharsets.UTF_8);

        for (byte[] json : List.of(deep, longString, hugeDocument)) {
            assertThatThrownBy(() -> EventJson.read(json, DatasetUploaded.class, "dataset.uploaded"))
                    .isInstanceOf(EventFormatException.class);
            assertThatThrownBy(() -> BucketNotification.parse(json)).isInstanceOf(EventFormatException.class);
        }
        assertThat(EventJson.read(
                                "{\"bucket\":\"b\",\"key\":\"k\"}".getBytes(StandardCharsets.UTF_8),
                                DatasetUploaded.class,
                                "dataset.uploaded")
                        .key())
                .isEqualTo("k");
    }

    @Test
    void anOutgoingEventCarriesOnlyItsTypesRecord() {
        TrainingFailed failed = new TrainingFailed(null, "s3://d/k", null, "NONE", "gone");

        OutgoingEvent event = OutgoingEvent.of(failed);

        assertThat(event.type()).isEqualTo(EventType.TRAINING_FAILED);
        assertThat(event.subject()).isEqualTo("s3://d/k");
        assertThat(new String(EventJson.write(failed), StandardCharsets.UTF_8)).doesNotContain("subject");
        assertThatThrownBy(() -> new OutgoingEvent(EventType.TRAINING_SKIPPED, failed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("carries TrainingSkipped");
        assertThat(List.of(EventType.values()))
                .allSatisfy(type -> assertThat(type.type()).startsWith(EventType.PREFIX));
    }
}
