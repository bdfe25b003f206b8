package com.playtcha.jakarta.spring.webflux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spring.testkit.BlockingCalls;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BlockHound is on for these tests: a handler that blocks its event loop on purpose ({@code Thread.sleep}) is
 * caught, on a Netty thread, and its request fails; so a blocking call of ours would fail the test that made it.
 */
class DetectorTest extends OnNetty {

    @Test
    void aDeliberateBlockOnTheEventLoop_isDetected_andFailsItsRequest() throws Exception {
        HttpResponse<String> blocked = CLIENT.send(HttpRequest.newBuilder(url("/block")).header("Accept", JSON).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        List<String> detected = BlockingCalls.drain();
        assertEquals(500, blocked.statusCode(), blocked::body);
        assertEquals(1, detected.size(), detected::toString);
        assertTrue(detected.get(0).contains("sleep") && detected.get(0).contains("-http-"), detected::toString);
    }
}
