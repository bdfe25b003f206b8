/**
 * The durable ledger store: a journal of JSON lines in {@code playtcha.ledger.directory}, the
 * dead-letter file and the lock beside it ({@link com.playtcha.jakarta.internal.ledger.journal.JournalStore}).
 * Internal: not API, may change without notice.
 *
 * <p>May import {@code core} and the store interface of {@code internal.ledger}
 * ({@code LedgerStore}, {@code StoredEntry}); nothing else of the library.
 */
package com.playtcha.jakarta.internal.ledger.journal;
