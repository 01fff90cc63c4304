package io.supplyshock.tools;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link in the project's Markdown (README, docs, the data folders' READMEs) leads to a file that exists,
 * and a link with a {@code #fragment} to a heading of that file, slugged as GitHub slugs headings. Pages get split and
 * headings renamed; a reader who follows a dead link from an error message or the README is lost.
 */
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

    private final Path root = TopologyBlocks.projectRoot(Path.of(""));

    @Test
    void everyRelativeLinkAndAnchorInTheProjectsMarkdownResolves() {
        List<Path> pages = markdownPages();
        assertThat(pages).contains(root.resolve("README.md"), root.resolve("docs/benchmarks.md"));
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchorsByPage = new HashMap<>();
        for (Path page : pages) {
            for (String target : links(read(page))) {
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) continue; // http:, https:, mailto:
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path linked = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(linked)) {
                    broken.add(root.relativize(page) + ": " + target + " (no such file)");
                } else if (hash >= 0 && linked.toString().endsWith(".md")) {
                    String anchor = target.substring(hash + 1);
                    if (!anchorsByPage.computeIfAbsent(linked, p -> anchors(read(p))).contains(anchor)) {
                        broken.add(root.relativize(page) + ": " + target + " (no such heading in " + root.relativize(linked) + ")");
                    }
                }
            }
        }
        assertThat(broken).as("links that lead nowhere").isEmpty();
    }

    @Test
    void slugsFollowGitHubsRules() {
        assertThat(anchors("# Issue 19, thirteenth round: what each kind of event writes, and the alert rate behind 3.2\n"))
                .containsExactly("issue-19-thirteenth-round-what-each-kind-of-event-writes-and-the-alert-rate-behind-32");
        assertThat(anchors("## Running them\n## Running them\n```\n# not a heading\n```\n### `supply.alerts` and the A/B run\n"))
                .containsExactlyInAnyOrder("running-them", "running-them-1", "supplyalerts-and-the-ab-run");
        assertThat(links("[a](x.md#y) `[b](not-a-link.md)` [c](https://example.org)\n```\n[d](in-code.md)\n```\n"))
                .containsExactly("x.md#y", "https://example.org");
    }

    private List<Path> markdownPages() {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> files = Files.walk(root, 4)) {
            files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !p.equals(root.resolve("README.md")))
                    .filter(p -> {
                        String first = root.relativize(p).getName(0).toString();
                        return !first.startsWith(".") && root.relativize(p).getNameCount() > 1
                                && !root.relativize(p).toString().contains("target");
                    })
                    .sorted()
                    .forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /** Link targets outside fenced code blocks and inline code. */
    static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        boolean inFence = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.stripLeading().startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            if (inFence) continue;
            Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (m.find()) targets.add(m.group(1));
        }
        return targets;
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.stripLeading().startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (inFence || !m.matches()) continue;
            String slug = m.group(1).toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            int repeats = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
        }
        return anchors;
    }

    private static String read(Path page) {
        try {
            return Files.readString(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
