package com.playtcha.jakarta.core;

/**
 * What happens to a request when Playtcha gives no verdict (timeout, network error, 5xx, a reply
 * that cannot be read): the vendor's rule is to fail open, and to fail closed only on paths where
 * fraud costs more than an outage (payments). Set by {@code playtcha.fail-closed}.
 */
public enum FailMode {
    /** The request goes on, marked {@code com.playtcha.failed-open}. The default. */
    OPEN,
    /** The request is blocked with 503. */
    CLOSED
}
