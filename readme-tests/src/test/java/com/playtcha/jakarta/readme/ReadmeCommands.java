package com.playtcha.jakarta.readme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ./mvnw} commands of a Markdown file, as a reader copies them: each line of a
 * {@code ```sh} block that starts with {@code ./mvnw}, and each inline code span that does.
 */
final class ReadmeCommands {

    /** The repository's root: this module's parent directory (Surefire runs in the module). */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path README = ROOT.resolve("README.md");

    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\R(.*?)```", Pattern.DOTALL);
    private static final Pattern INLINE = Pattern.compile("`(\\./mvnw [^`]+)`");

    private ReadmeCommands() {
    }

    static List<String> of(Path markdown) throws IOException {
        String text = Files.readString(markdown);
        Set<String> commands = new LinkedHashSet<>();
        Matcher blocks = SH_BLOCK.matcher(text);
        while (blocks.find()) {
            blocks.group(1).lines().map(String::strip).filter(l -> l.startsWith("./mvnw ")).forEach(commands::add);
        }
        Matcher inline = INLINE.matcher(text);
        while (inline.find()) {
            commands.add(inline.group(1).strip());
        }
        return List.copyOf(commands);
    }

    /** The one command whose words include all of {@code words}; fails unless there is exactly one. */
    static String the(List<String> commands, String... words) {
        List<String> found = commands.stream().filter(c -> words(c).containsAll(List.of(words))).toList();
        if (found.size() != 1) {
            throw new AssertionError("README.md should have exactly one ./mvnw command with " + List.of(words)
                    + ", has " + found + " among " + commands);
        }
        return found.get(0);
    }

    /** A command line split as sh would split it: on spaces, keeping double-quoted words whole. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (char c : command.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (c == ' ' && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unbalanced quote in: " + command);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
