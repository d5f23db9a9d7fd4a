package io.prodcat.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/BENCHMARKS.md is what the bench/ scripts printed and nothing else: after a fixed preamble, only sections that
 * start with a script's marker and the SHA-256 that bench/replace_section.py stamped on the text it wrote. A hand edit
 * anywhere (a figure, a sentence, a section without a script) fails here; hand-written notes go to
 * docs/PERFORMANCE.md.
 */
class BenchmarksAreGeneratedTest {

    private static final Path ROOT = Path.of(System.getProperty("prodcat.root", ".."));
    private static final Pattern MARKER =
            Pattern.compile("(?m)^<!-- ([a-z-]+) section: (\\S+) -->\\n<!-- sha256 ([0-9a-f]{64}) -->\\n");
    private static final String PREAMBLE = "# Benchmarks\n\n";

    @Test
    void everySectionIsAScriptsOutputAsItWroteIt() throws Exception {
        String text = Files.readString(ROOT.resolve("docs/BENCHMARKS.md"), StandardCharsets.UTF_8);
        Matcher marker = MARKER.matcher(text);
        List<int[]> sections = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        while (marker.find()) {
            sections.add(new int[] {marker.start(), marker.end()});
            if (!Files.isRegularFile(ROOT.resolve(marker.group(2)))) {
                problems.add(marker.group(1) + ": no script " + marker.group(2));
            }
        }
        assertThat(sections).as("generated sections").isNotEmpty();
        String preamble = text.substring(0, sections.get(0)[0]);
        assertThat(preamble).as("the text before the first section").startsWith(PREAMBLE);
        assertThat(preamble.lines().filter(line -> line.startsWith("#")).count())
                .as("headings before the first section")
                .isEqualTo(1);
        for (int i = 0; i < sections.size(); i++) {
            int end = i + 1 < sections.size() ? sections.get(i + 1)[0] : text.length();
            String body = text.substring(sections.get(i)[1], end).strip();
            Matcher stamp = MARKER.matcher(text);
            stamp.find(sections.get(i)[0]);
            if (!sha256(body).equals(stamp.group(3))) {
                problems.add(stamp.group(1) + " section (" + stamp.group(2)
                        + ") differs from what the script wrote: edited by hand? Re-run the script, or move the"
                        + " prose to docs/PERFORMANCE.md");
            }
        }
        assertThat(text)
                .as("an unstamped section marker")
                .doesNotContainPattern("(?m)^<!-- [a-z-]+ section: \\S+ -->\\n(?!<!-- sha256 )");
        assertThat(problems).isEmpty();
    }

    /** Sections of generated text elsewhere in docs/ (e.g. the settings table in ENGINE.md) are stamped alike. */
    @Test
    void generatedSectionsInOtherDocsAreTheirScriptsOutput() throws Exception {
        List<String> problems = new ArrayList<>();
        int sections = 0;
        try (var docs = Files.list(ROOT.resolve("docs"))) {
            for (Path doc : docs.filter(path -> path.toString().endsWith(".md")).toList()) {
                String text = Files.readString(doc, StandardCharsets.UTF_8);
                if (doc.getFileName().toString().equals("BENCHMARKS.md") || !text.contains(" section: bench/")) {
                    continue;
                }
                Matcher marker = MARKER.matcher(text);
                List<Integer> starts = new ArrayList<>();
                List<Integer> ends = new ArrayList<>();
                List<String> digests = new ArrayList<>();
                while (marker.find()) {
                    starts.add(marker.start());
                    ends.add(marker.end());
                    digests.add(marker.group(3));
                }
                assertThat(text)
                        .as(doc + ": an unstamped section marker")
                        .doesNotContainPattern("(?m)^<!-- [a-z-]+ section: \\S+ -->\\n(?!<!-- sha256 )");
                for (int i = 0; i < starts.size(); i++) {
                    int end = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
                    if (!sha256(text.substring(ends.get(i), end).strip()).equals(digests.get(i))) {
                        problems.add(doc.getFileName() + ": section " + (i + 1) + " edited by hand");
                    }
                    sections++;
                }
            }
        }
        assertThat(sections).as("generated sections outside BENCHMARKS.md").isPositive();
        assertThat(problems).isEmpty();
    }

    private static String sha256(String body) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    }
}
