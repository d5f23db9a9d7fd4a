package io.prodcat.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.MatchResult;
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
    /** A section marker without the digest line below it. */
    private static final String UNSTAMPED = "(?m)^<!-- [a-z-]+ section: \\S+ -->\\n(?!<!-- sha256 )";

    /** A stamped section: where its marker starts, what it names, and whether its text still has the stamped digest. */
    private record Section(int start, String name, String script, boolean asWritten) {}

    /** The stamped sections of a document, in order; each ends where the next marker starts. */
    private static List<Section> sections(String text) throws Exception {
        Matcher marker = MARKER.matcher(text);
        List<MatchResult> markers = new ArrayList<>();
        while (marker.find()) {
            markers.add(marker.toMatchResult());
        }
        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < markers.size(); i++) {
            MatchResult stamp = markers.get(i);
            int end = i + 1 < markers.size() ? markers.get(i + 1).start() : text.length();
            String body = text.substring(stamp.end(), end).strip();
            sections.add(new Section(
                    stamp.start(), stamp.group(1), stamp.group(2), sha256(body).equals(stamp.group(3))));
        }
        return sections;
    }

    @Test
    void everySectionIsAScriptsOutputAsItWroteIt() throws Exception {
        String text = Files.readString(ROOT.resolve("docs/BENCHMARKS.md"), StandardCharsets.UTF_8);
        List<Section> sections = sections(text);
        List<String> problems = new ArrayList<>();
        for (Section section : sections) {
            if (!Files.isRegularFile(ROOT.resolve(section.script()))) {
                problems.add(section.name() + ": no script " + section.script());
            }
            if (!section.asWritten()) {
                problems.add(section.name() + " section (" + section.script()
                        + ") differs from what the script wrote: edited by hand? Re-run the script, or move the"
                        + " prose to docs/PERFORMANCE.md");
            }
        }
        assertThat(sections).as("generated sections").isNotEmpty();
        String preamble = text.substring(0, sections.get(0).start());
        assertThat(preamble).as("the text before the first section").startsWith(PREAMBLE);
        assertThat(preamble.lines().filter(line -> line.startsWith("#")).count())
                .as("headings before the first section")
                .isEqualTo(1);
        assertThat(text).as("an unstamped section marker").doesNotContainPattern(UNSTAMPED);
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
                assertThat(text).as(doc + ": an unstamped section marker").doesNotContainPattern(UNSTAMPED);
                for (Section section : sections(text)) {
                    if (!section.asWritten()) {
                        problems.add(doc.getFileName() + ": section " + section.name() + " edited by hand");
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
