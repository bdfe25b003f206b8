package com.playtcha.jakarta.spi.door;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one list of login posts, {@code login-posts.txt} beside these fixtures' sources: each row a path and
 * what the guard's rule and each door do with it, read by name of column ({@code guard}, {@code tomcat},
 * {@code jetty}, {@code payara}, {@code undertow}); the list's own comment says what the words mean.
 */
public final class LoginPosts {

    /** The list, from the directory of any module of the reactor. */
    private static final Path LIST = Path.of("../playtcha-jakarta/src/door-test-fixtures/login-posts.txt");

    /** One row: a path after the context path {@code /app}, as the client sends it, and its column's word. */
    public record Row(String path, String says) {
    }

    private LoginPosts() {
    }

    /** Every row's path and what {@code column} says of it. */
    public static List<Row> column(String column) {
        List<String> lines;
        try {
            lines = Files.readAllLines(LIST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String header = lines.stream().filter(line -> line.startsWith("# path ")).reduce((first, last) -> last)
                .orElseThrow(() -> new IllegalStateException(LIST + " has no '# path ...' header line"));
        int at = List.of(header.substring(1).trim().split("\\s+")).indexOf(column);
        if (at < 1) {
            throw new IllegalArgumentException(LIST + " has no column " + column + ": " + header);
        }
        List<Row> rows = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] words = line.trim().split("\\s+");
                rows.add(new Row(words[0], words[at]));
            }
        }
        return rows;
    }
}
