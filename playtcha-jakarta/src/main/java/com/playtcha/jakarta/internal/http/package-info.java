/**
 * Internal: not API, may change without notice. The transport to Playtcha over Apache HttpClient 5:
 * one pooled client per verifier (the pool is the bulkhead), a deadline over each exchange, name
 * lookups bounded in time, the way out ({@code Egress}: the verifier's own proxy or the JVM's, and
 * the CAs TLS trusts), the reply read within limits and mapped to a {@code VerificationResult}
 * ({@code ReplyMapping} for replies, {@code FailureMapping} for exchanges that got none).
 *
 * <p>May import: {@code core}; {@code spi.store}; HttpClient 5 ({@code org.apache.hc}); JSON-P
 * ({@code jakarta.json}). Not the breaker, the ledger or the verifier: a post here is one post, counted by
 * nobody.
 */
package com.playtcha.jakarta.internal.http;
