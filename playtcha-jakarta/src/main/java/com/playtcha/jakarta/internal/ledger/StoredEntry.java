package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;

/**
 * What a {@link LedgerStore} holds of an entry not yet reported.
 *
 * @param entry   the request that failed open
 * @param posted  whether the ledger ever posted its token itself
 * @param settled its outcome when settled, or {@code null}
 * @param failedDeliveries deliveries of that outcome a listener failed on (a store that keeps no count says 0)
 */
public record StoredEntry(LedgerEntry entry, boolean posted, Reconciliation settled, int failedDeliveries) {
}
