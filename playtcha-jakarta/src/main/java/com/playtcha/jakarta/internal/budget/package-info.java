/**
 * Internal: not API, may change without notice. This node's counts: the per-client verify budget
 * ({@code ClientBudgets}, a token bucket per client address, IPv6 by its /64 within budgets of its /56 and
 * /48, bounded in the number of addresses it remembers, checked before a verify may call Playtcha) and the
 * failed logins ({@code LocalLoginFailures}); {@code Stores} opens them, or the cluster module's shared
 * ones in their place ({@code spi.Budgets}, {@code spi.LoginFailures}).
 *
 * <p>May import: {@code core}; {@code spi.store}; {@code internal.cluster}, to find the cluster module's
 * stores.
 */
package com.playtcha.jakarta.internal.budget;
