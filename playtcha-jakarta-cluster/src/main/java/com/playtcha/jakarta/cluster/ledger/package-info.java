/**
 * The shared ledger's protocol, whatever the backend: {@code TableStore} is the library's
 * {@link com.playtcha.jakarta.spi.store.SharedStore}, with ownership under a lease renewed on a thread of its
 * own, adoption of the entries of nodes that stopped renewing, claims on tokens ({@code TokenClaims}) and
 * the queued, ordered writes of {@code LedgerWriter}, over a {@code LedgerTable}: the small primitive a
 * backend implements (insert-if-absent, compare-and-set of a step, withdraw, adopt, renew, release,
 * purge), as Bucket4j's backends implement its own. Why: design/ledger.md. Internal: not API.
 *
 * <p>May import: {@code core}; {@code spi.store}. No JDBC, no backend.
 */
package com.playtcha.jakarta.cluster.ledger;
