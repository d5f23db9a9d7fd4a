package io.prodcat.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

/**
 * Every Markdown file of the project renders as its author meant, read by a real CommonMark parser: no fence left
 * open (the rest of the file would render as code), no heading swallowed by a code block, and every relative link
 * and anchor resolves (a file that exists, a heading that exists, with GitHub's anchor names).
 */
class MarkdownRendersTest {

    private static final Path ROOT =
            Path.of(System.getProperty("prodcat.root", "..")).toAbsolutePath().normalize();
    private static final Parser PARSER = Parser.builder().build();
    private static final Pattern HEADING_LINE = Pattern.compile("(?m)^#{2,6} \\S");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private final Map<Path, Set<String>> anchorsOf = new HashMap<>();

    @Test
    void everyMarkdownFileRendersWithItsLinksResolved() throws IOException {
        List<Path> files = markdownFiles();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            Node document = PARSER.parse(Files.readString(file, StandardCharsets.UTF_8));
            document.accept(new AbstractVisitor() {
                @Override
                public void visit(FencedCodeBlock block) {
                    if (block.getClosingFenceLength() == null) {
                        problems.add(where(file) + ": a code fence is never closed (" + firstLine(block) + ")");
                    }
                    if (HEADING_LINE.matcher(block.getLiteral()).find()) {
                        problems.add(where(file) + ": a heading inside a code block (" + firstLine(block) + ")");
                    }
                }

                @Override
                public void visit(Link link) {
                    check(file, link.getDestination(), problems);
                    visitChildren(link);
                }

                @Override
                public void visit(Image image) {
                    check(file, image.getDestination(), problems);
                }
            });
        }
        assertThat(files).as("Markdown files").hasSizeGreaterThan(5);
        assertThat(problems).isEmpty();
    }

    private void check(Path file, String destination, List<String> problems) {
        if (destination.isEmpty() || SCHEME.matcher(destination).find()) {
            return; // web and mail links are not this check's
        }
        int hash = destination.indexOf('#');
        String path = hash < 0 ? destination : destination.substring(0, hash);
        String anchor = hash < 0 ? null : destination.substring(hash + 1);
        Path target = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!Files.exists(target)) {
            problems.add(where(file) + ": link to " + destination + ": no such file");
            return;
        }
        if (anchor != null
                && target.toString().endsWith(".md")
                && !anchors(target).contains(anchor)) {
            problems.add(where(file) + ": link to " + destination + ": no such heading in " + where(target));
        }
    }

    /** GitHub's anchor names of a file's headings: lower case, punctuation dropped, spaces as hyphens, -1, -2 on repeats. */
    private Set<String> anchors(Path file) {
        return anchorsOf.computeIfAbsent(file, path -> {
            Set<String> anchors = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            try {
                PARSER.parse(Files.readString(path, StandardCharsets.UTF_8)).accept(new AbstractVisitor() {
                    @Override
                    public void visit(Heading heading) {
                        StringBuilder text = new StringBuilder();
                        heading.accept(new AbstractVisitor() {
                            @Override
                            public void visit(Text node) {
                                text.append(node.getLiteral());
                            }

                            @Override
                            public void visit(Code node) {
                                text.append(node.getLiteral());
                            }
                        });
                        String slug = text.toString()
                                .toLowerCase(Locale.ROOT)
                                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                                .replace(' ', '-');
                        int repeat = seen.merge(slug, 1, Integer::sum) - 1;
                        anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
                    }
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return anchors;
        });
    }

    private static List<Path> markdownFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(ROOT)) {
            return paths.filter(path -> path.toString().endsWith(".md"))
                    .filter(path -> {
                        String relative = ROOT.relativize(path).toString();
                        return !relative.startsWith(".")
                                && !relative.contains("/target/")
                                && !relative.startsWith("target/")
                                && !relative.contains("node_modules");
                    })
                    .sorted()
                    .toList();
        }
    }

    private static String where(Path file) {
        return ROOT.relativize(file).toString();
    }

    private static String firstLine(FencedCodeBlock block) {
        String literal = block.getLiteral().strip();
        return literal.lines().findFirst().orElse("empty");
    }
}
