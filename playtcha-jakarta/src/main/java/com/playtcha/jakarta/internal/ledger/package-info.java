/**
 * The fail-open ledger: requests that went on without a verdict, kept until their tokens are
 * re-verified, each outcome handed to the listeners once. Internal: not API, may change without
 * notice. {@link com.playtcha.jakarta.internal.ledger.FailOpenLedger} is the entry point; it writes
 * through a {@link com.playtcha.jakarta.spi.store.LedgerStore}: memory, the journal of JSON lines in
 * {@code playtcha.ledger.directory} ({@code JournalStore}, with its dead-letter file and lock), or the
 * cluster module's shared store. The journal is here, not in a package of its own: it is one of the
 * ledger's stores, and nothing else uses it. Why: design/ledger.md.
 *
 * <p>May import: {@code core}; {@code spi.store}; {@code internal.cluster}; JSON-P ({@code jakarta.json}),
 * for the journal's lines.
 */
package com.playtcha.jakarta.internal.ledger;
