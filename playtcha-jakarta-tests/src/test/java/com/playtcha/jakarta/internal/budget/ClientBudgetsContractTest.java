package com.playtcha.jakarta.internal.budget;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.spi.store.Budgets;
import java.util.concurrent.TimeUnit;

/**
 * The contract on this node's own buckets: one node, so every node of the contract's cluster is it, and
 * nothing is let through before others hear of it. Its clock starts ten seconds before {@code nanoTime}
 * wraps, so each test crosses the wrap: the buckets compare differences only.
 */
class ClientBudgetsContractTest extends BudgetsContract {

    private final long origin = clock.nanoTime();
    private ClientBudgets node;

    @Override
    protected Budgets node(PlaytchaSettings settings) {
        if (node == null) {
            node = ClientBudgets.of(settings.clientBudget(), ManualClock.reading(() -> Long.MAX_VALUE - TimeUnit.SECONDS.toNanos(10) + (clock.nanoTime() - origin)));
        }
        return node;
    }

    @Override
    protected long allowance(PlaytchaSettings settings) {
        return 0;
    }
}
