package io.prodcat.predict.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code POST /predict}'s body as Spring's JSON message converter does (415 unless the body is JSON, 400 for a
 * missing or unreadable one, the same exceptions for the same answers), without choosing among the converters on
 * every request: that choice cost predict more time than reading the JSON itself (docs/PERFORMANCE.md).
 */
final class PredictBody {

    private static final MediaType ANY_JSON_SUFFIX = new MediaType("application", "*+json");

    private final ObjectReader reader;

    PredictBody(JsonMapper json) {
        this.reader = json.readerFor(PredictRequest.class);
    }

    PredictRequest read(HttpServletRequest http) throws IOException, HttpMediaTypeNotSupportedException {
        MediaType type = jsonType(http.getContentType());
        Charset charset = type.getCharset();
        PredictRequest request;
        try {
            if (charset == null || charset.equals(StandardCharsets.UTF_8)) {
                // as many bytes as announced (readAllBytes would take 16 KB buffers for a 50-byte title)
                int length = http.getContentLength();
                byte[] body = length >= 0
                        ? http.getInputStream().readNBytes(length)
                        : http.getInputStream().readAllBytes();
                request = body.length == 0 ? null : reader.readValue(body);
            } else {
                request = reader.readValue(new InputStreamReader(http.getInputStream(), charset));
            }
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException(
                    "JSON parse error: " + e.getOriginalMessage(), e, new ServletServerHttpRequest(http));
        }
        if (request == null) {
            throw new HttpMessageNotReadableException(
                    "Required request body is missing", new ServletServerHttpRequest(http));
        }
        return request;
    }

    private static MediaType jsonType(String contentType) throws HttpMediaTypeNotSupportedException {
        MediaType type;
        try {
            type = contentType == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotSupportedException(e.getMessage());
        }
        if (!MediaType.APPLICATION_JSON.isCompatibleWith(type) && !ANY_JSON_SUFFIX.isCompatibleWith(type)) {
            throw new HttpMediaTypeNotSupportedException(type, List.of(MediaType.APPLICATION_JSON), HttpMethod.POST);
        }
        return type;
    }
}
