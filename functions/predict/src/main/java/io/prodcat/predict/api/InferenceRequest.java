package io.prodcat.predict.api;

import io.prodcat.function.support.BadInput;
import io.prodcat.predict.PredictProperties;
import io.prodcat.predict.serving.InputText;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Body of the Open Inference Protocol's {@code POST /v2/models/{name}/infer}: one input {@code text}, datatype
 * {@code BYTES}, shape {@code [n]} (or {@code [n, 1]}), its {@code n} titles as JSON strings (flat or nested);
 * optionally the outputs wanted by name. The same limits as {@code POST /predict}.
 */
record InferenceRequest(String id, Map<String, Object> parameters, List<Input> inputs, List<Output> outputs) {

    static final String TEXT_INPUT = "text";

    record Input(String name, List<Long> shape, String datatype, Map<String, Object> parameters, JsonNode data) {}

    record Output(String name, Map<String, Object> parameters) {}

    /**
     * The titles, checked.
     *
     * @throws BadInput naming what is wrong, as the protocol's {@code {"error": …}} answer says it
     */
    List<String> texts(PredictProperties.Api limits) {
        return texts(limits, null);
    }

    /**
     * The same, where the titles may also come in the protocol's binary extension: {@code binary} is what follows the
     * JSON header ({@code Inference-Header-Content-Length}); an input with {@code parameters.binary_data_size} takes
     * that many bytes of it, each title a 4-byte little-endian length and its UTF-8 bytes.
     */
    List<String> texts(PredictProperties.Api limits, byte[] binary) {
        if (inputs == null || inputs.size() != 1) {
            throw new BadInput("\"inputs\" must hold exactly one input, \"" + TEXT_INPUT + "\" (BYTES, shape [n])");
        }
        Input input = inputs.get(0);
        if (input == null || !TEXT_INPUT.equals(input.name())) {
            throw new BadInput("the input must be named \"" + TEXT_INPUT + "\"");
        }
        if (!"BYTES".equals(input.datatype())) {
            throw new BadInput("input \"text\" must have datatype BYTES, got " + input.datatype());
        }
        List<Long> shape = input.shape();
        boolean column = shape != null && shape.size() == 2 && Long.valueOf(1).equals(shape.get(1));
        if (shape == null || !(shape.size() == 1 || column) || shape.get(0) == null) {
            throw new BadInput("input \"text\" must have shape [n] or [n, 1], got " + shape);
        }
        long count = shape.get(0);
        if (count < 1 || count > limits.maxBatch()) {
            throw new BadInput(
                    "input \"text\" must hold 1 to " + limits.maxBatch() + " titles, its shape says " + count);
        }
        List<String> texts = new ArrayList<>();
        Object binarySize =
                input.parameters() == null ? null : input.parameters().get("binary_data_size");
        if (binarySize != null) {
            decodeBinary(binary, binarySize, texts, limits.maxBatch());
        } else {
            flatten(input.data(), texts, limits.maxBatch());
        }
        if (texts.size() != count) {
            throw new BadInput("input \"text\" has " + texts.size() + " elements, its shape says " + count);
        }
        for (int i = 0; i < texts.size(); i++) {
            InputText.checkText(texts.get(i), "text[" + i + "]", limits);
        }
        return texts;
    }

    private static void decodeBinary(byte[] binary, Object declaredSize, List<String> into, int max) {
        if (!(declaredSize instanceof Number size) || binary == null || size.longValue() != binary.length) {
            throw new BadInput("input \"text\" declares binary_data_size " + declaredSize + " but "
                    + (binary == null ? 0 : binary.length) + " bytes follow the JSON header");
        }
        ByteBuffer bytes = ByteBuffer.wrap(binary).order(ByteOrder.LITTLE_ENDIAN);
        while (bytes.hasRemaining() && into.size() <= max) {
            if (bytes.remaining() < 4) {
                throw new BadInput("input \"text\": a BYTES element's 4-byte length is cut off");
            }
            int length = bytes.getInt();
            if (length < 0 || length > bytes.remaining()) {
                throw new BadInput("input \"text\": a BYTES element says " + length + " bytes, " + bytes.remaining()
                        + " are left");
            }
            byte[] element = new byte[length];
            bytes.get(element);
            into.add(new String(element, StandardCharsets.UTF_8));
        }
    }

    private static void flatten(JsonNode data, List<String> into, int max) {
        if (data == null || !(data.isArray() || data.isString())) {
            throw new BadInput("input \"text\" needs \"data\": an array of strings");
        }
        if (data.isString()) {
            into.add(data.asString());
            return;
        }
        for (JsonNode element : data) {
            if (into.size() > max) {
                return; // the count check names the problem
            }
            if (element.isArray()) {
                flatten(element, into, max);
            } else if (element.isString()) {
                into.add(element.asString());
            } else {
                throw new BadInput(
                        "input \"text\" is BYTES: its elements must be strings, got " + element.getNodeType());
            }
        }
    }
}
