package com.playtcha.examples.quarkus;

import com.playtcha.jakarta.core.DecisionEvent;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Notes, for each decided request, the thread the verifier ran on (the library fires its
 * {@link DecisionEvent} synchronously on the thread that verified) and the client address it was given.
 */
@ApplicationScoped
public class VerifyThreads {

    /** A verify's thread (its name, and whether it was a Vert.x event loop), path and client address. */
    public record Seen(String thread, boolean eventLoop, String path, String remoteAddress) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    void decided(@Observes DecisionEvent event) {
        seen.add(new Seen(Thread.currentThread().getName(), Context.isOnEventLoopThread(), event.path(),
                event.remoteAddress()));
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }
}
