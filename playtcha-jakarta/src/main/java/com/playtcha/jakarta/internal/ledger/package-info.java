/**
 * The fail-open ledger: requests that went on without a verdict, kept until their tokens are
 * re-verified, each outcome handed to the listeners once. Internal: not API, may change without
 * notice. {@link com.playtcha.jakarta.internal.ledger.FailOpenLedger} is the entry point; it writes
 * through a {@link com.playtcha.jakarta.spi.LedgerStore}. Why: design/ledger.md.
 *
 * <p>May import {@code core} and {@code internal.cluster} only.
 */
package com.playtcha.jakarta.internal.ledger;
