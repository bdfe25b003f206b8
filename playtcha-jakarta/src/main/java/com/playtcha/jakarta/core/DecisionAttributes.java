package com.playtcha.jakarta.core;

/**
 * The names under which an integration publishes a decision on the request it decided: servlet
 * request attributes for {@code PlaytchaFilter}, request properties for the Jakarta REST filter
 * (which a servlet-based runtime also shows as request attributes). Same names, same values, set
 * on every guarded request before it goes on or is blocked; a request that passes several filters
 * carries the last one's decision, with the ledger id of the first (the one the ledger recorded):
 *
 * <table>
 * <caption>Request attributes</caption>
 * <tr><td>{@value #RESULT}</td><td>the {@link VerificationResult}</td></tr>
 * <tr><td>{@value #OUTCOME}</td><td>{@code verified}, {@code rejected} or {@code unavailable}</td></tr>
 * <tr><td>{@value #DEGRADED}</td><td>Boolean: Playtcha answered in its degraded (quota) band</td></tr>
 * <tr><td>{@value #FAILED_OPEN}</td><td>Boolean: the request went on without a verdict</td></tr>
 * <tr><td>{@value #ERROR_CODE}</td><td>Playtcha's or our code; absent when verified</td></tr>
 * <tr><td>{@value #REQUEST_ID}</td><td>Playtcha's request id, when it sent one</td></tr>
 * <tr><td>{@value #LEDGER_ID}</td><td>when the request failed open: its entry in the fail-open ledger</td></tr>
 * <tr><td>{@value #HELD_LOCALLY}</td><td>Boolean: it failed open and its token is held on this node only (the
 *     shared ledger's database did not answer in time)</td></tr>
 * <tr><td>{@value #TOKEN_SPENT}</td><td>Boolean: a retry with the same token would be refused; reset the widget before another try
 *     ({@link Verification#tokenSpent()})</td></tr>
 * </table>
 */
public final class DecisionAttributes {

    public static final String RESULT = "com.playtcha.result";
    public static final String OUTCOME = "com.playtcha.outcome";
    public static final String DEGRADED = "com.playtcha.degraded";
    public static final String FAILED_OPEN = "com.playtcha.failed-open";
    public static final String ERROR_CODE = "com.playtcha.error-code";
    public static final String REQUEST_ID = "com.playtcha.request-id";
    /** The {@link LedgerEntry#id()} of a request that failed open; absent otherwise. */
    public static final String LEDGER_ID = "com.playtcha.ledger-id";
    /**
     * Boolean: {@link Verification#tokenSpent()}, whether a retry with the same token would be refused.
     * A page that shows the form again (a refused post, a failed login) resets the widget when it is true.
     */
    public static final String TOKEN_SPENT = "com.playtcha.token-spent";
    /** Boolean: {@link Verification#heldLocally()}. */
    public static final String HELD_LOCALLY = "com.playtcha.held-locally";

    private DecisionAttributes() {
    }
}
