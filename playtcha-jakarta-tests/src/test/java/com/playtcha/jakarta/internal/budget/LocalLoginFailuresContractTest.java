package com.playtcha.jakarta.internal.budget;

import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.spi.store.LoginFailures;
import java.util.concurrent.TimeUnit;

/**
 * The contract on this node's own counts: one node, so every node of the contract's cluster is it. Its
 * clock starts ten seconds before {@code nanoTime} wraps, so each test crosses the wrap: only
 * differences count.
 */
class LocalLoginFailuresContractTest extends LoginFailuresContract {

    private final long origin = clock.nanoTime();
    private LocalLoginFailures node;

    @Override
    protected LoginFailures node(LoginFailures.Limits limits) {
        if (node == null) {
            node = new LocalLoginFailures(limits, ManualClock.reading(() -> Long.MAX_VALUE - TimeUnit.SECONDS.toNanos(10) + (clock.nanoTime() - origin)));
        }
        return node;
    }
}
