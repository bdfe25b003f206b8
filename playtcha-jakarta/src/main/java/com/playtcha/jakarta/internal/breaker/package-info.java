/**
 * Internal: not API, may change without notice. The circuit breaker over live verifies, or one
 * that never opens when the settings turn it off.
 *
 * <p>May import: {@code core} only.
 */
package com.playtcha.jakarta.internal.breaker;
