package com.playtcha.jakarta.benchmarks.crossed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the agent counts, and that a rewritten class reports its constructors and methods to the open window. */
class CrossingAgentTest {

    @Test
    void theLibraryCounts_theSimulatorAndTheBenchmarksDoNot() {
        assertTrue(CrossingAgent.counts("com/playtcha/jakarta/servlet/PlaytchaFilter"));
        assertTrue(CrossingAgent.counts("com/playtcha/jakarta/tomcat/PlaytchaLoginValve$GoOn"));
        assertTrue(CrossingAgent.counts("com/playtcha/jakarta/internal/budget/cluster/SharedBudgets"));
        assertFalse(CrossingAgent.counts("com/playtcha/jakarta/testing/PlaytchaSimulator"));
        assertFalse(CrossingAgent.counts("com/playtcha/jakarta/testpostgres/TestPostgres"));
        assertFalse(CrossingAgent.counts("com/playtcha/jakarta/benchmarks/crossed/Crossings"));
        assertFalse(CrossingAgent.counts("org/apache/catalina/authenticator/FormAuthenticator"));
        assertFalse(CrossingAgent.counts(null));
    }

    @Test
    void aRewrittenClass_reportsItsConstructor_andItsMethods_onTheirThread() throws Exception {
        String name = Sample.class.getName();
        String key = "test:" + name;
        byte[] rewritten = CrossingAgent.instrument(bytesOf(Sample.class), key);
        Class<?> copy = new ClassLoader(null) {
            @Override
            protected Class<?> findClass(String className) throws ClassNotFoundException {
                if (className.equals(name)) {
                    return defineClass(className, rewritten, 0, rewritten.length);
                }
                // Crossings from this test's loader: what the bootstrap copy is when the agent runs.
                return CrossingAgentTest.class.getClassLoader().loadClass(className);
            }
        }.loadClass(name);

        Crossings.open();
        Object sample = copy.getDeclaredConstructor().newInstance();
        Map<String, Set<String>> constructed = Crossings.close();
        Crossings.open();
        Object answer = copy.getMethod("answer").invoke(sample);
        Map<String, Set<String>> answered = Crossings.close();
        Crossings.open();
        Map<String, Set<String>> idle = Crossings.close();

        assertEquals(Map.of(key, Set.of(Thread.currentThread().getName())), constructed);
        assertEquals(42, answer);
        assertEquals(Map.of(key, Set.of(Thread.currentThread().getName())), answered);
        assertEquals(Map.of(), idle, "a window forgets the one before");
    }

    private static byte[] bytesOf(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class")) {
            return in.readAllBytes();
        }
    }

    /** A class to rewrite. */
    public static final class Sample {

        private final int base;

        public Sample() {
            this.base = 40;
        }

        public int answer() {
            return base + 2;
        }
    }
}
