package com.playtcha.jakarta.spi.store;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;

/**
 * SPI: what a {@link LedgerStore} holds of an entry not yet reported, as a store gives it back to the ledger.
 *
 * @param entry   the request that failed open
 * @param posted  whether the ledger ever posted its token itself
 * @param settled its outcome when settled, or {@code null}
 * @param failedDeliveries deliveries of that outcome a listener failed on (a store that keeps no count says 0)
 */
public record StoredEntry(LedgerEntry entry, boolean posted, Reconciliation settled, int failedDeliveries) {
}
