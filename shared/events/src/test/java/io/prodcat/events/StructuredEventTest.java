package io.prodcat.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.testkit.SharedFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class StructuredEventTest {

    @Test
    void readsTheSpecsStructuredJsonExample() throws Exception {
        byte[] body =
                Files.readAllBytes(SharedFixtures.file("cloudevents/json-format/C-json-object-data.structured.json"));

        StructuredEvent event = StructuredEvent.parse(body);

        assertThat(event.id()).isEqualTo("C234-1234-1234");
        assertThat(event.type()).isEqualTo("com.example.someevent");
        assertThat(event.source()).isEqualTo("/mycontext");
        assertThat(new String(event.data(), StandardCharsets.UTF_8))
                .contains("\"appinfoA\"")
                .contains("abc");
    }

    @Test
    void recognisesTheStructuredContentType() {
        assertThat(StructuredEvent.isStructured("application/cloudevents+json; charset=utf-8"))
                .isTrue();
        assertThat(StructuredEvent.isStructured("application/json")).isFalse();
        assertThat(StructuredEvent.isStructured(null)).isFalse();
    }

    @Test
    void rejectsAnEnvelopeWithoutRequiredAttributes() {
        assertThatThrownBy(() -> StructuredEvent.parse("{\"specversion\":\"1.0\",\"id\":\"1\"}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a structured CloudEvent");
        assertThatThrownBy(() -> StructuredEvent.parse("nope".getBytes())).isInstanceOf(IllegalArgumentException.class);
    }
}
