package com.playtcha.jakarta.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The recipes of docs/cluster.md, read as written, for the ITs that follow them. */
public final class ClusterDoc {

    private ClusterDoc() {
    }

    /**
     * The lines of the first fenced block that opens with {@code fence} (such as {@code ```xml}) and
     * holds {@code marker}, without the indentation a list item gives it.
     */
    public static String block(String fence, String marker) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("..", "docs", "cluster.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(fence)) {
                String indent = lines.get(i).substring(0, lines.get(i).indexOf(fence));
                List<String> body = new ArrayList<>();
                for (int j = i + 1; j < lines.size() && !lines.get(j).strip().equals("```"); j++) {
                    body.add(lines.get(j).startsWith(indent) ? lines.get(j).substring(indent.length()) : lines.get(j));
                }
                String text = String.join("\n", body) + "\n";
                if (text.contains(marker)) {
                    return text;
                }
            }
        }
        throw new IllegalStateException("docs/cluster.md has no " + fence + " block with " + marker);
    }
}
