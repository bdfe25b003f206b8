package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.Reconciliation;
import java.util.List;

/** Who hears a settled entry: the verifier's listeners, as the ledger hands them an outcome ({@link Delivery}). */
@FunctionalInterface
public interface ListenerDelivery {

    /**
     * Hands the outcome to each listener of {@code owing} that is still registered, or, when
     * {@code owing} is {@code null} (the entry's first delivery in this JVM), to every listener
     * registered now; returns those that threw on it, in the order they were called: empty when
     * every one took it. What a listener throws stays here, but for a {@link VirtualMachineError}.
     */
    List<PlaytchaListener> deliver(Reconciliation reconciliation, List<PlaytchaListener> owing);
}
