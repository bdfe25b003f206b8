package com.playtcha.jakarta.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module leans on the library's public core, its ledger's store interfaces and its client budgets only: not the
 * journal, the verifier or an integration, which may change without it. The CDI API, optional in a
 * plain Tomcat, is named by {@code CdiDataSource} alone (loaded once its presence is checked).
 */
class ArchitectureTest {

    private static final Pattern NAMED = Pattern.compile("\\b(com\\.playtcha\\.jakarta\\.[a-z.]+)\\.[A-Z]");
    private static final List<String> ALLOWED = List.of("com.playtcha.jakarta.core", "com.playtcha.jakarta.internal.ledger",
            "com.playtcha.jakarta.internal.ledger.jdbc", "com.playtcha.jakarta.internal.budget",
            "com.playtcha.jakarta.internal.budget.cluster");

    @Test
    void theModule_namesOnlyTheCoreAndTheLedgersStores_andCdiInOneClass() throws IOException {
        List<String> broken = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file).replaceAll("(?m)^package .*$", "");
                Matcher named = NAMED.matcher(text);
                while (named.find()) {
                    if (!ALLOWED.contains(named.group(1))) {
                        broken.add(file + " names " + named.group(1));
                    }
                }
                if (text.contains("jakarta.enterprise.") && !file.endsWith("CdiDataSource.java")
                        && !file.endsWith("DataSourceLookup.java")) {
                    broken.add(file + " names the CDI API");
                }
            }
        }
        assertEquals(List.of(), broken);
    }
}
