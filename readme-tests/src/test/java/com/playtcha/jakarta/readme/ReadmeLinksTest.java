package com.playtcha.jakarta.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's links inside the repository, and those of the page it hands the settings to, lead
 * somewhere: the file exists and, for {@code file#anchor}, a heading of that file has that anchor as
 * GitHub spells it. Links to other sites are not followed (no network in a build). And the README
 * stays short.
 */
class ReadmeLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);
    private static final Pattern FENCE = Pattern.compile("```.*?```", Pattern.DOTALL);

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/configuration.md"})
    void everyLocalLink_reachesAFileAndHeading(String page) throws IOException {
        Path file = ReadmeCommands.ROOT.resolve(page);
        List<String> broken = new ArrayList<>();
        Matcher links = LINK.matcher(FENCE.matcher(Files.readString(file)).replaceAll(""));
        while (links.find()) {
            String link = links.group(1);
            if (link.matches("[a-z]+:.*")) {
                continue; // https:, mailto:
            }
            int hash = link.indexOf('#');
            Path target = hash == 0 ? file : file.getParent().resolve(hash < 0 ? link : link.substring(0, hash)).normalize();
            if (!Files.exists(target)) {
                broken.add(link + " (no " + ReadmeCommands.ROOT.relativize(target) + ")");
            } else if (hash >= 0 && !anchors(target).contains(link.substring(hash + 1))) {
                broken.add(link + " (no such heading in " + ReadmeCommands.ROOT.relativize(target) + ")");
            }
        }

        assertEquals(List.of(), broken, page + " links to what is not there");
    }

    /** The README stays a quick start; detail belongs in docs/, which it links to. */
    @Test
    void theReadme_isAQuickStartOfAtMost200Lines() throws IOException {
        long lines = Files.readAllLines(ReadmeCommands.ROOT.resolve("README.md")).size();
        assertTrue(lines <= 200, "README.md has " + lines + " lines; move detail to docs/");
    }

    /** The anchors GitHub gives a Markdown file's headings. */
    static List<String> anchors(Path markdown) throws IOException {
        List<String> anchors = new ArrayList<>();
        Matcher headings = HEADING.matcher(FENCE.matcher(Files.readString(markdown)).replaceAll(""));
        while (headings.find()) {
            anchors.add(slug(headings.group(1)));
        }
        return anchors;
    }

    /** GitHub's rule: lower case, punctuation dropped (hyphens and underscores kept), spaces to hyphens. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
