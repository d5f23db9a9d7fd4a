package io.prodcat.predict.api;

import io.prodcat.adapters.persistence.GateReferenceRow;
import io.prodcat.adapters.storage.ObjectNotFoundException;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.engine.dataset.DatasetException;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.function.support.BadInput;
import io.prodcat.function.support.GateReferences;
import io.prodcat.predict.PredictProperties;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The quality gate's trusted reference, role {@code admin}: {@code GET /admin/reference} shows the one in force and
 * its history (who made each, from what, when, why); {@code POST /admin/reference} pins a labelled CSV in S3 as the
 * new one, recorded with the caller and the reason. Train holds its titles out of every later training set, and
 * evaluate judges every later candidate on it.
 */
@RestController
public class ReferenceController {

    private static final int HISTORY_ROWS = 20;

    private final GateReferences references;
    private final PredictProperties properties;

    ReferenceController(GateReferences references, PredictProperties properties) {
        this.references = references;
        this.properties = properties;
    }

    /** Body of {@code POST /admin/reference}. */
    record PinRequest(String uri, String reason) {

        void validate() {
            if (uri == null || uri.length() > 1024) {
                throw new BadInput("\"uri\" must be the s3:// URI of a labelled CSV (at most 1024 characters)");
            }
            try {
                S3Location.parse(uri);
            } catch (IllegalArgumentException e) {
                throw new BadInput("\"uri\" must be an s3:// URI: " + e.getMessage());
            }
            if (reason == null || reason.isBlank() || reason.length() > 1000) {
                throw new BadInput("\"reason\" must say why (1 to 1000 characters): it is kept with the change");
            }
        }
    }

    @GetMapping("/admin/reference")
    Map<String, Object> reference() {
        List<GateReferenceRow> history = references.history(HISTORY_ROWS);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("current", history.isEmpty() ? null : describe(history.get(0)));
        answer.put(
                "history", history.stream().map(ReferenceController::describe).toList());
        return answer;
    }

    @PostMapping("/admin/reference")
    Map<String, Object> pin(@RequestBody PinRequest request, Principal caller) {
        request.validate();
        DatasetSchema schema = new DatasetSchema(
                properties.dataset().textColumns(), properties.dataset().labelColumn());
        try {
            return describe(references.pin(
                    properties.model().bucket(),
                    request.uri(),
                    schema,
                    caller.getName(),
                    request.reason().strip()));
        } catch (ObjectNotFoundException e) {
            throw new BadInput("no object at " + request.uri());
        } catch (DatasetException e) {
            throw new BadInput("the CSV at " + request.uri() + " cannot be a reference: " + e.getMessage());
        }
    }

    private static Map<String, Object> describe(GateReferenceRow row) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("id", row.id());
        one.put("createdAt", row.createdAt().toString());
        one.put("createdBy", row.createdBy());
        one.put("source", row.source());
        one.put("reason", row.reason());
        one.put("rows", row.rowCount());
        one.put("snapshot", row.csvUri());
        one.put("sha1", row.csvSha1());
        return one;
    }
}
