/**
 * The durable ledger store: a journal of JSON lines in {@code playtcha.ledger.directory}, the
 * dead-letter file and the lock beside it. Internal: not API, may change without notice.
 *
 * <p>{@link com.playtcha.jakarta.internal.ledger.journal.JournalStore} is the
 * {@link com.playtcha.jakarta.internal.ledger.LedgerStore} and holds the open files; under it the
 * untrusted directory ({@code LedgerDirectory}: real path once, no links, regular files only,
 * owner-only), the line format ({@code JournalCodec}) and the streamed, bounded replay
 * ({@code JournalReplay}).
 *
 * <p>May import {@code core} and the store interface of {@code internal.ledger}
 * ({@code LedgerStore}, {@code StoredEntry}); nothing else of the library.
 */
package com.playtcha.jakarta.internal.ledger.journal;
