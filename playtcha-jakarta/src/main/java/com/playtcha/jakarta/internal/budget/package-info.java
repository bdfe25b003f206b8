/**
 * Internal: not API, may change without notice. The per-client verify budget: a token bucket per
 * client address (IPv4 as is, IPv6 by its /64 within budgets of its /56 and /48, other text by
 * itself), bounded in the number of addresses it remembers,
 * checked before a verify may call Playtcha ({@code playtcha.client-budget.*}).
 *
 * <p>May import: {@code core}, and {@code internal.cluster} to find the cluster module's budgets.
 */
package com.playtcha.jakarta.internal.budget;
