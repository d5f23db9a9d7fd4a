package io.prodcat.function.support;

import io.prodcat.adapters.persistence.GateReferenceDao;
import io.prodcat.adapters.persistence.GateReferenceRow;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.DatasetException;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.Fingerprint;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.features.TextKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jdbi.v3.core.Jdbi;

/**
 * The quality gate's trusted reference, shared by the functions: evaluate carves it once from the first training
 * whose dataset holds no feedback (its held-out rows) and judges on it, train holds its titles out of every training
 * set, predict's admin shows it and pins another. Its rows live in an immutable snapshot ({@code text,label} CSV named
 * by its SHA-1) so that what judged a model can be read back; the ledger keeps every reference with who made it.
 */
public final class GateReferences {

    /** The snapshot's columns. */
    public static final DatasetSchema SCHEMA = DatasetSchema.of("text", "label");

    private final ObjectStore store;
    private final Supplier<Jdbi> jdbi;
    private final Clock clock;
    private volatile KeysOf cachedKeys;

    private record KeysOf(long referenceId, Set<String> keys) {}

    public GateReferences(ObjectStore store, Supplier<Jdbi> jdbi, Clock clock) {
        this.store = store;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** The reference in force; empty until one is carved or pinned. */
    public Optional<GateReferenceRow> current() {
        return dao().current();
    }

    public List<GateReferenceRow> history(int limit) {
        return dao().history(limit);
    }

    /** @throws DatasetException when the snapshot is not the one recorded (changed or damaged in S3) */
    public List<LabelledText> rows(GateReferenceRow reference) {
        Dataset dataset = StoredCsv.read(store, reference.csvUri(), SCHEMA);
        if (!dataset.sha1().equals(reference.csvSha1())) {
            throw new DatasetException("the trusted reference " + reference.id() + " changed in S3 (SHA-1 "
                    + dataset.sha1() + ", recorded " + reference.csvSha1() + ")");
        }
        return dataset.rows();
    }

    /** The title keys ({@link TextKey}) of the reference in force, which no training may fit on; empty without one. */
    public Set<String> titleKeys() {
        Optional<GateReferenceRow> current = current();
        if (current.isEmpty()) {
            return Set.of();
        }
        KeysOf cached = cachedKeys;
        if (cached != null && cached.referenceId() == current.get().id()) {
            return cached.keys();
        }
        Set<String> keys = new HashSet<>();
        rows(current.get()).forEach(row -> keys.add(TextKey.of(row.text())));
        cachedKeys = new KeysOf(current.get().id(), Set.copyOf(keys));
        return cachedKeys.keys();
    }

    /**
     * The first reference, carved from {@code rows} (a feedback-free training's held-out rows) unless one exists.
     *
     * @return the reference in force afterwards
     */
    public GateReferenceRow carveFirst(String bucket, String source, List<LabelledText> rows) {
        return current().orElseGet(() -> record(bucket, "evaluate", source, "the first feedback-free training", rows));
    }

    /** Whether a reference, in force or not, was ever pinned from {@code uri}. */
    public boolean everPinned(String uri) {
        return dao().countFrom(pinnedSource(uri)) > 0;
    }

    private static String pinnedSource(String uri) {
        return "pinned CSV " + uri;
    }

    /**
     * A new reference in force: the labelled CSV at {@code uri}, read with {@code schema}, by an admin.
     *
     * @throws DatasetException when the CSV is unusable
     */
    public GateReferenceRow pin(String bucket, String uri, DatasetSchema schema, String by, String reason) {
        return record(
                bucket,
                by,
                pinnedSource(uri),
                reason,
                StoredCsv.read(store, uri, schema).rows());
    }

    private GateReferenceRow record(String bucket, String by, String source, String reason, List<LabelledText> rows) {
        byte[] csv = csv(rows);
        String sha1 = Fingerprint.sha1Hex(new ByteArrayInputStream(csv));
        S3Location snapshot = new S3Location(bucket, "reference/" + sha1 + ".csv");
        store.put(snapshot, new ByteArrayInputStream(csv), csv.length, "text/csv");
        GateReferenceRow row =
                new GateReferenceRow(null, clock.instant(), by, source, reason, snapshot.toString(), sha1, rows.size());
        long id = dao().insert(row);
        return new GateReferenceRow(
                id, row.createdAt(), by, source, reason, row.csvUri(), row.csvSha1(), row.rowCount());
    }

    private static byte[] csv(List<LabelledText> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(
                out, CSVFormat.RFC4180.builder().setHeader("text", "label").get())) {
            for (LabelledText row : rows) {
                printer.printRecord(row.text(), row.label());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private GateReferenceDao dao() {
        return jdbi.get().onDemand(GateReferenceDao.class);
    }
}
