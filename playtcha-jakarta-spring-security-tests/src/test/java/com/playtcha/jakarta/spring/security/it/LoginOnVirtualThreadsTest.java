package com.playtcha.jakarta.spring.security.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.playtcha.jakarta.spring.testkit.Browser;
import com.playtcha.jakarta.spring.testkit.SpringSimulator;
import com.playtcha.jakarta.spring.testkit.WithSimulator;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Logins on Tomcat's virtual threads ({@code spring.threads.virtual.enabled=true}, the build's second run
 * on JDK 25): counted ones without a token and verified ones whose exchange with Playtcha waits 50 ms;
 * JFR records each virtual thread that parks or blocks pinned to its carrier, with no threshold: none.
 * Recorded after the same logins once, so that what it sees is a login's, not the first loading of the
 * classes it uses (a virtual thread that loads a class is pinned meanwhile, on any JDK so far). A pin is
 * the library's when the first frame outside the JDK where the thread waited pinned is the library's:
 * the JDK pinning the thread that builds Spring Security's {@code UsernameNotFoundException} (a native
 * frame of {@code fillInStackTrace}), say, is printed but is not.
 */
@WithSimulator
@SpringBootTest(classes = LoginTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "playtcha.login.require=after-failures")
class LoginOnVirtualThreadsTest {

    private static final PlaytchaSimulator PLAYTCHA = SpringSimulator.simulator();

    @Value("${local.server.port}")
    int port;

    /** Whether the first frame outside the JDK, where {@code pin} waited, is one of the library's. */
    private static boolean library(RecordedEvent pin) {
        for (RecordedFrame frame : pin.getStackTrace().getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return type.startsWith("com.playtcha.jakarta.") && !type.startsWith("com.playtcha.jakarta.spring.security.it.");
            }
        }
        return false;
    }

    /** Eight logins without a token (counted) and eight with one (verified, 50 ms), eight at a time. */
    private void logIn(String accounts) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> logins = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String account = accounts + i;
                String token = PLAYTCHA.mintToken();
                logins.add(clients.submit(() -> new Browser(port).formLogin("/login", account, "wrong", null)));
                logins.add(clients.submit(() -> new Browser(port).formLogin("/login", "alice", "secret", token)));
            }
            for (Future<HttpResponse<String>> login : logins) {
                assertEquals(302, login.get().statusCode());
            }
        } finally {
            clients.shutdown();
        }
    }

    @Test
    void withVirtualThreads_aLoginPinsNoCarrierThread() throws Exception {
        assumeTrue(Boolean.getBoolean("spring.threads.virtual.enabled") && Runtime.version().feature() >= 21,
                "spring.threads.virtual.enabled=true on JDK 21+ only (the build's second run)");
        PLAYTCHA.inject(Fault.delay(Duration.ofMillis(50)));
        logIn("warm");
        Path file = Files.createTempFile("playtcha-pinned", ".jfr");
        List<RecordedEvent> events;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.enable("jdk.VirtualThreadStart");
            recording.start();
            logIn("user");
            recording.stop();
            recording.dump(file);
            events = RecordingFile.readAllEvents(file);
        } finally {
            Files.deleteIfExists(file);
        }
        List<RecordedEvent> pinned = events.stream().filter(e -> e.getEventType().getName().equals("jdk.VirtualThreadPinned"))
                .toList();
        pinned.forEach(e -> System.out.println("Pinned, not in the library: " + e.getStackTrace()));
        assertEquals(List.of(), pinned.stream().filter(LoginOnVirtualThreadsTest::library).map(e -> String.valueOf(e.getStackTrace()))
                .toList());
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("jdk.VirtualThreadStart")),
                "the recording saw the requests' virtual threads start");
    }
}
