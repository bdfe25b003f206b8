package com.playtcha.jakarta.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexReader;
import org.junit.jupiter.api.Test;

/**
 * This jar's {@code META-INF/jandex.idx}, from which Quarkus finds the feature without indexing the jar
 * (docs/quarkus.md: no {@code quarkus.index-dependency}): the feature's {@code @Provider} is in it, and
 * nothing in it has a supertype from an API Quarkus lacks (it would warn "Failed to index" on every build).
 */
class JandexIndexTest {

    private static final List<String> ABSENT_IN_QUARKUS = List.of("jakarta.servlet.", "org.glassfish.jersey.");

    @Test
    void theIndex_listsTheFeature_andNoServletTypedFilter() throws Exception {
        Index index = read();
        assertNotNull(index.getClassByName(PlaytchaFeature.class), "the REST feature");
        assertNotNull(index.getClassByName(PlaytchaProtected.class), "the name binding");
        assertNull(index.getClassByName(ServletAddressFilter.class), "the filter with a servlet-typed field");
        assertNull(index.getClassByName(JerseyDiscovery.class), "Jersey's auto-discoverable");

        List<String> unresolvable = new ArrayList<>();
        for (ClassInfo type : index.getKnownClasses()) {
            List<DotName> supertypes = new ArrayList<>(type.interfaceNames());
            if (type.superName() != null) {
                supertypes.add(type.superName());
            }
            for (DotName supertype : supertypes) {
                if (ABSENT_IN_QUARKUS.stream().anyMatch(supertype.toString()::startsWith)) {
                    unresolvable.add(type.name() + " -> " + supertype);
                }
            }
        }
        assertEquals(List.of(), unresolvable);
    }

    /** Helidon 4's Jandex (3.1.2) reads formats up to 11; at a newer one its Weld warns and scans the jar instead. */
    @Test
    void theIndex_isOfAFormat_Helidon4sJandexReads() throws Exception {
        assertEquals(11, reader().getIndexVersion());
    }

    /** This module's index, not the core's, which is on the same class path under the same name. */
    private static Index read() throws IOException, URISyntaxException {
        return reader().read();
    }

    private static IndexReader reader() throws IOException, URISyntaxException {
        URI classes = PlaytchaFeature.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        try (InputStream in = classes.resolve("META-INF/jandex.idx").toURL().openStream()) {
            return new IndexReader(new java.io.ByteArrayInputStream(in.readAllBytes()));
        }
    }
}
