/**
 * Internal: not API, may change without notice. The circuit breaker over live verifies: closed,
 * open after consecutive unavailable results, half-open with a few probes after the cool-down;
 * or off for good when the settings turn it off.
 *
 * <p>May import: {@code core} only.
 */
package com.playtcha.jakarta.internal.breaker;
