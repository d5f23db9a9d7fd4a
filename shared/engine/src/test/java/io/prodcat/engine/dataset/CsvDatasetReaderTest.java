package io.prodcat.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.testkit.SharedData;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvDatasetReaderTest {

    private static final CsvDatasetReader READER =
            new CsvDatasetReader(DatasetSchema.of("product_name", "department"), ReadLimits.DEFAULT);

    @Test
    void readsTextAndLabelByColumnNameInAnyColumnOrder() {
        Dataset dataset = read("department,product_id,product_name\ndairy,1,Whole Milk\nsnacks,2, Potato Chips \n");

        assertThat(dataset.rows())
                .containsExactly(new LabelledText("Whole Milk", "dairy"), new LabelledText("Potato Chips", "snacks"));
        assertThat(dataset.labels()).containsExactly("dairy", "snacks");
    }

    @Test
    void joinsSeveralTextColumnsWithASpace() {
        CsvDatasetReader reader =
                new CsvDatasetReader(new DatasetSchema(List.of("brand", "title"), "category"), ReadLimits.DEFAULT);

        Dataset dataset = reader.read(bytes("brand,title,category\nAcme,Oat Milk,dairy\n,Chips,snacks\n"));

        assertThat(dataset.rows()).extracting(LabelledText::text).containsExactly("Acme Oat Milk", "Chips");
    }

    @Test
    void followsRfc4180QuotingWithCommasQuotesAndLineBreaksInFields() {
        Dataset dataset = read("product_name,department\r\n\"Milk, 2%\",dairy\r\n\"12\"\" Pizza\",frozen\r\n"
                + "\"Two\nlines\",frozen\r\n");

        assertThat(dataset.rows())
                .extracting(LabelledText::text)
                .containsExactly("Milk, 2%", "12\" Pizza", "Two\nlines");
    }

    @Test
    void fingerprintIsTheSha1OfTheExactBytes() throws Exception {
        String csv = "product_name,department\nWhole Milk,dairy\nChips,snacks\n\n\n";
        String expected = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(csv.getBytes(StandardCharsets.UTF_8)));

        assertThat(read(csv).sha1()).isEqualTo(expected).hasSize(40);
        assertThat(Fingerprint.sha1Hex(bytes("abc"))).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    @Test
    void rejectsEmptyFile() {
        assertRejected("", "empty file", "product_name", "department");
    }

    @Test
    void rejectsHeaderOnly() {
        assertRejected("product_name,department\n", "no data rows");
    }

    @Test
    void rejectsMissingTextColumnNamingTheHeader() {
        assertRejected("title,department\nMilk,dairy\n", "missing text column 'product_name'", "2 columns");
    }

    @Test
    void rejectsMissingLabelColumn() {
        assertRejected("product_name,category\nMilk,dairy\n", "missing label column 'department'");
    }

    @Test
    void rejectsFewerThanTwoClasses() {
        assertRejected("product_name,department\nMilk,dairy\nCheese,dairy\n", "at least 2 classes", "found 1");
    }

    @Test
    void rejectsEmptyLabelNamingRowAndColumn() {
        assertRejected(
                "product_name,department\nMilk,dairy\nChips,  \n", "row 2 (line 3)", "empty label", "'department'");
    }

    @Test
    void rejectsEmptyText() {
        assertRejected("product_name,department\nMilk,dairy\n\"\",snacks\n", "row 2", "empty text");
    }

    @Test
    void rejectsUnbalancedQuotes() {
        assertRejected("product_name,department\nMilk,dairy\n\"Chips,snacks\nSoda,beverages\n", "unbalanced quotes");
        assertRejected("product_name,department\n\"Milk\" 2%,dairy\n", "row 1", "unbalanced quotes");
    }

    @Test
    void rejectsInvalidUtf8NamingTheRow() {
        byte[] latin1 = "product_name,department\nMilk,dairy\nCaf\u00e9,drinks\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> READER.read(new ByteArrayInputStream(latin1)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("invalid UTF-8")
                .hasMessageContaining("row 2 (line 3), column 'product_name'");
    }

    @Test
    void rejectsBinaryInput() {
        byte[] gzipLike = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 'a', ',', 'b', '\n', 0, 0, ',', 'x', '\n'};
        byte[] withNul = "product_name,department\nMi\u0000lk,dairy\nChips,snacks\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> READER.read(new ByteArrayInputStream(gzipLike)))
                .isInstanceOf(DatasetException.class);
        assertThatThrownBy(() -> READER.read(new ByteArrayInputStream(withNul)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("binary input")
                .hasMessageContaining("row 1");
    }

    @Test
    void rejectsRowsWithTheWrongNumberOfFields() {
        assertRejected(
                "product_name,department\nMilk,dairy\nChips,snacks,extra\n", "row 2", "3 fields", "header has 2");
    }

    @Test
    void enforcesRowAndFieldLimits() {
        CsvDatasetReader small =
                new CsvDatasetReader(DatasetSchema.of("product_name", "department"), new ReadLimits(2, 10));

        assertThatThrownBy(() -> small.read(bytes("product_name,department\na,x\nb,y\nc,z\n")))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("more than 2 data rows");
        assertThatThrownBy(() -> small.read(bytes("product_name,department\nabcdefghijklm,x\nb,y\n")))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("13 characters, the limit is 10");
    }

    @Test
    void rawInstacartFileWithoutHeaderIsRejectedWithTheReason() {
        java.nio.file.Path raw = SharedData.file("instacart_products.csv");

        assertThatThrownBy(() -> READER.read(raw))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("missing text column 'product_name'")
                .message()
                .as("its first row is no header: named by count, not quoted")
                .doesNotContain("Chocolate Sandwich Cookies");
    }

    @Test
    void rawInstacartFileWithStrayQuotesInsideNamesIsReadGivenAHeader() throws Exception {
        // the upstream file has no header and stray " inside unquoted names; RFC 4180 readers keep those
        byte[] withHeader = ("product_id,product_name,aisle_id,department_id\n"
                        + java.nio.file.Files.readString(SharedData.file("instacart_products.csv")))
                .getBytes(StandardCharsets.UTF_8);
        CsvDatasetReader reader =
                new CsvDatasetReader(DatasetSchema.of("product_name", "department_id"), ReadLimits.DEFAULT);

        Dataset dataset = reader.read(new ByteArrayInputStream(withHeader));

        assertThat(dataset.rows()).hasSize(49_688);
        assertThat(dataset.labels()).hasSize(21);
        assertThat(dataset.rows()).anyMatch(row -> row.text().contains("\""));
    }

    @Test
    void readsTheDevSplit() {
        Dataset train = READER.read(SharedData.file("instacart/train.csv"));

        assertThat(train.rows()).hasSize(39_751);
        assertThat(train.labels()).hasSize(21).contains("bulk", "missing", "other");
    }

    private static Dataset read(String csv) {
        return READER.read(bytes(csv));
    }

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aByteOrderMarkIsNoPartOfTheFirstColumnsNameButPartOfTheFingerprint() {
        String csv = "product_name,department\nMilk,dairy\nChips,snacks\n";

        Dataset withMark = read("\uFEFF" + csv);
        Dataset without = read(csv);

        assertThat(withMark.rows()).isEqualTo(without.rows());
        assertThat(withMark.sha1()).isNotEqualTo(without.sha1()); // the bytes differ: another dataset
    }

    /** Train's refusals travel in its reply and the ledger: they name configured columns and counts, never content. */
    @Test
    void refusalsNeverQuoteTheFilesContent() {
        for (String csv : List.of(
                "SECRET-A,SECRET-B\nx,y\n",
                "product_name,department\nMilk,SECRET-LABEL\nCheese,SECRET-LABEL\n",
                "\0SECRET-BINARY,department\nMilk,dairy\n",
                "product_name,department\nMilk\uFFFDSECRET,dairy\n")) {
            assertThatThrownBy(() -> read(csv))
                    .isInstanceOf(DatasetException.class)
                    .message()
                    .doesNotContain("SECRET");
        }
    }

    private static void assertRejected(String csv, String... messageParts) {
        var assertion = assertThatThrownBy(() -> read(csv)).isInstanceOf(DatasetException.class);
        for (String part : messageParts) {
            assertion.hasMessageContaining(part);
        }
    }
}
