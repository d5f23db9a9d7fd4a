package io.prodcat.engine.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a labelled dataset from RFC 4180 CSV in UTF-8 with a header row, hashing the bytes as it goes.
 * Every problem is a {@link DatasetException} that names the row (1 = first data row), the line and
 * the column, and says what was expected. Text and labels are trimmed; nothing else is changed. Bytes that
 * are not UTF-8 are decoded to U+FFFD and reported with the row and column they fall in (the decoder reads
 * ahead, so only the field tells where they were).
 */
public final class CsvDatasetReader {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .get();

    private final DatasetSchema schema;
    private final ReadLimits limits;

    public CsvDatasetReader(DatasetSchema schema, ReadLimits limits) {
        this.schema = schema;
        this.limits = limits;
    }

    public Dataset read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Reads the whole stream; the caller closes it. */
    public Dataset read(InputStream in) {
        DigestInputStream digesting = Fingerprint.digesting(in);
        BufferedReader reader = new BufferedReader(new InputStreamReader(
                digesting,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)));
        skipByteOrderMark(reader);
        CSVParser parser = openParser(reader);
        List<LabelledText> rows = readRows(parser);
        try {
            digesting.transferTo(OutputStream.nullOutputStream()); // hash any bytes the parser did not need
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dataset", e);
        }
        List<String> labels = new ArrayList<>(
                new TreeSet<>(rows.stream().map(LabelledText::label).toList()));
        if (labels.size() < 2) {
            throw new DatasetException(
                    "label column '" + schema.labelColumn() + "' must have at least 2 classes, found " + labels.size());
        }
        return new Dataset(rows, labels, Fingerprint.hex(digesting));
    }

    /** Spreadsheet programs start UTF-8 CSVs with a byte order mark; it is no part of the first column's name. */
    private static void skipByteOrderMark(BufferedReader reader) {
        try {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dataset", e);
        }
    }

    private CSVParser openParser(BufferedReader reader) {
        CSVParser parser;
        try {
            parser = FORMAT.parse(reader);
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException("cannot read the header row: " + describe(e), e);
        } catch (IllegalArgumentException e) {
            throw new DatasetException("bad header row: " + e.getMessage(), e);
        }
        Map<String, Integer> header = parser.getHeaderMap();
        if (header == null || header.isEmpty()) {
            throw new DatasetException("empty file: expected a header row naming columns " + expectedColumns());
        }
        int position = 0;
        for (String name : header.keySet()) {
            checkText(name, "the header row", "#" + ++position);
        }
        for (String column : expectedColumns()) {
            if (!header.containsKey(column)) {
                String kind = column.equals(schema.labelColumn()) ? "label" : "text";
                throw new DatasetException("missing " + kind + " column '" + column + "': none of the header row's "
                        + parser.getHeaderNames().size() + " columns is named so");
            }
        }
        return parser;
    }

    private List<LabelledText> readRows(CSVParser parser) {
        List<LabelledText> rows = new ArrayList<>();
        int row = 0;
        try {
            for (CSVRecord record : parser) {
                row++;
                if (row > limits.maxRows()) {
                    throw new DatasetException("more than " + limits.maxRows() + " data rows (the configured limit)");
                }
                rows.add(toExample(record, row, parser.getHeaderNames().size()));
            }
        } catch (UncheckedIOException e) {
            throw new DatasetException(
                    "row " + (row + 1) + " (line " + parser.getCurrentLineNumber() + "): " + describe(e), e);
        }
        if (rows.isEmpty()) {
            throw new DatasetException("no data rows: the file has only a header row");
        }
        return rows;
    }

    private LabelledText toExample(CSVRecord record, int row, int columns) {
        String where = "row " + row + " (line " + record.getParser().getCurrentLineNumber() + ")";
        if (record.size() != columns) {
            throw new DatasetException(where + ": has " + record.size() + " fields, the header has " + columns);
        }
        StringBuilder text = new StringBuilder();
        for (String column : schema.textColumns()) {
            String value = checked(record.get(column), where, column).strip();
            if (!value.isEmpty()) {
                text.append(text.isEmpty() ? "" : " ").append(value);
            }
        }
        String label = checked(record.get(schema.labelColumn()), where, schema.labelColumn())
                .strip();
        if (label.isEmpty()) {
            throw new DatasetException(where + ": empty label in column '" + schema.labelColumn() + "'");
        }
        if (text.isEmpty()) {
            throw new DatasetException(where + ": empty text in column(s) " + schema.textColumns());
        }
        return new LabelledText(text.toString(), label);
    }

    private String checked(String value, String where, String column) {
        checkText(value, where, column);
        if (value.length() > limits.maxFieldChars()) {
            throw new DatasetException(where + ", column '" + column + "': " + value.length()
                    + " characters, the limit is " + limits.maxFieldChars());
        }
        return value;
    }

    private static void checkText(String value, String where, String column) {
        TextRules.violation(value).ifPresent(problem -> {
            throw new DatasetException(where + ", column '" + column + "': " + problem);
        });
    }

    private List<String> expectedColumns() {
        List<String> columns = new ArrayList<>(schema.textColumns());
        columns.add(schema.labelColumn());
        return columns;
    }

    private static String describe(Exception e) {
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = String.valueOf(cause.getMessage());
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("eof reached before encapsulated token finished")) {
            return "unbalanced quotes: a quoted field is never closed";
        }
        if (lower.contains("invalid char") && lower.contains("between encapsulated token and delimiter")) {
            return "unbalanced quotes: text after a closing quote; quote the field and double its inner quotes";
        }
        return message;
    }
}
