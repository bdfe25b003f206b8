package com.playtcha.jakarta.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.SharedStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's packages by role, dependencies pointing one way: the shared ledger's protocol over a table
 * ({@code ledger}, no backend), the counts' and budgets' algorithm ({@code counts}, no backend either),
 * JDBC ({@code jdbc}: the ledger's table, the counts' tables and how a {@code DataSource} is found),
 * JCache ({@code jcache}), and what the module registers for the library ({@code Providers}, naming them
 * all). What each package may name of ours is held, with every module's, by the core's
 * {@code ArchitectureTest}; this test holds the finer lines within the JDK and the optional APIs. The
 * CDI API, optional in a plain Tomcat, is named by the two classes that look a {@code DataSource} up
 * (loaded once its presence is checked); JDBC by {@code jdbc} alone, the JCache API by {@code jcache} alone.
 */
class ArchitectureTest {

    private static final String BASE = "com.playtcha.jakarta.";
    private static final Pattern IMPORTED = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+);", Pattern.MULTILINE);
    /** APIs and the packages that may import them. */
    private static final Map<String, List<String>> APIS = Map.of(
            "java.sql.", List.of("cluster.jdbc"),
            "javax.sql.", List.of("cluster.jdbc"),
            "javax.cache.", List.of("cluster.jcache"),
            "io.github.bucket4j.grid.jcache.", List.of("cluster.jcache"),
            "io.github.bucket4j.postgresql.", List.of("cluster.jdbc"));

    @Test
    void eachPackage_importsOnlyTheApisOfItsRole_andCdiInTheLookupAlone() throws IOException {
        List<String> broken = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("..", "playtcha-jakarta-cluster", "src", "main", "java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher declared = Pattern.compile("(?m)^package ([\\w.]+);").matcher(source);
                assertTrue(declared.find(), file + " has no package");
                String pkg = declared.group(1).substring(BASE.length());
                String text = source.replaceAll("(?m)^package .*$", "");
                Matcher imported = IMPORTED.matcher(text);
                while (imported.find()) {
                    String name = imported.group(1);
                    APIS.forEach((api, only) -> {
                        if (name.startsWith(api) && !only.contains(pkg)) {
                            broken.add(file + " imports " + name);
                        }
                    });
                }
                if (text.contains("jakarta.enterprise.") && !file.endsWith("CdiDataSource.java")
                        && !file.endsWith("DataSourceLookup.java")) {
                    broken.add(file + " names the CDI API");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /** The library finds each of the module's stores by the interface its SPI names, through {@code META-INF/services}. */
    @Test
    void everyProvider_isFoundByTheLibrarysInterface() {
        assertEquals(Providers.Budgets.class, ServiceLoader.load(Budgets.Provider.class).findFirst().orElseThrow().getClass());
        assertEquals(Providers.LoginFailures.class, ServiceLoader.load(LoginFailures.Provider.class).findFirst().orElseThrow().getClass());
        assertEquals(Providers.Ledger.class, ServiceLoader.load(SharedStore.Provider.class).findFirst().orElseThrow().getClass());
    }
}
