package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.function.support.PublicReason;
import io.prodcat.testkit.ErrorAnswerSweep;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

class PublicReasonTest {

    /** What error answers said before (issue 34), each naming how the server is built. */
    private static final List<String> LEAKS = List.of(
            "Required request body is missing: public java.util.Map io.prodcat.predict.PredictController.predict("
                    + "io.prodcat.predict.PredictRequest,java.lang.String,java.security.Principal)",
            "malformed JSON body: Cannot deserialize value of type `java.lang.String` from Array value",
            "Cannot construct instance of `io.prodcat.predict.PredictRequest`",
            "JSON parse error: tools.jackson.core.exc.StreamReadException: Unexpected character",
            "java.lang.NullPointerException at io.prodcat.predict.PromotedFunction.accept(PromotedFunction.java:22)");

    @Test
    void aReasonNamingInternalsIsReplacedByItsStatusAloneAndThePlainOnesPass() {
        for (String leak : LEAKS) {
            assertThat(ErrorAnswerSweep.namesInternals(leak))
                    .as("the sweep sees it: " + leak)
                    .isTrue();
            String answered = PublicReason.of(HttpStatus.BAD_REQUEST, leak);
            assertThat(answered).isEqualTo("the request was refused (400)");
            assertThat(ErrorAnswerSweep.namesInternals(answered)).isFalse();
        }
        for (String plain : List.of(
                "\"k\" must be between 1 and 100, got 0",
                "a JSON object body is required",
                "malformed JSON",
                "not an event prodcat takes: type com.example.other", // event types are the API's words
                "bad io.prodcat.model.promoted data: \"modelVersion\" is missing or has the wrong type")) {
            assertThat(PublicReason.of(HttpStatus.BAD_REQUEST, plain)).isEqualTo(plain);
            assertThat(ErrorAnswerSweep.namesInternals(plain)).isFalse();
        }
    }

    record Body(String text, List<String> texts) {}

    @Test
    void anUnreadableBodyIsDescribedByWhereTheJsonIsWrong() {
        JsonMapper json = JsonMapper.builder().build();
        assertThat(reasonFor(json, "{\"texts\": [\"a\", {}]}")).isEqualTo("\"texts[1]\" has the wrong type or value");
        assertThat(reasonFor(json, "{\"text\": []}")).isEqualTo("\"text\" has the wrong type or value");
        assertThat(reasonFor(json, "{\"text\": ")).startsWith("malformed JSON at line 1, column ");
        assertThat(reasonFor(json, "[]")).isEqualTo("the body must be a JSON object with this endpoint's fields");
    }

    private static String reasonFor(JsonMapper json, String body) {
        try {
            json.readValue(body, Body.class);
        } catch (RuntimeException e) {
            return PublicReason.unreadableBody(e);
        }
        throw new AssertionError("read: " + body);
    }
}
