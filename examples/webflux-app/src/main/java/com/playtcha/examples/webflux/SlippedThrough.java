package com.playtcha.examples.webflux;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.Reconciliation;
import java.util.logging.Logger;
import org.springframework.stereotype.Component;

/** Hears what became of the sign-ups that went through while Playtcha was unavailable (on the ledger's thread). */
@Component
public class SlippedThrough implements PlaytchaListener {

    private static final Logger LOG = Logger.getLogger(SlippedThrough.class.getName());

    @Override
    public void reconciled(Reconciliation reconciliation) {
        if (reconciliation.outcome() == Reconciliation.Outcome.REJECTED) {
            // Playtcha refused the token after all: find the account by its ledger id and review it
            LOG.warning("A sign-up that failed open was not human [ledger_id=" + reconciliation.entry().id() + "]");
        }
    }
}
