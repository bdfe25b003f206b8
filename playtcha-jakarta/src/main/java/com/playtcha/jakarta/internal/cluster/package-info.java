/**
 * Internal: not API, may change without notice. How the core finds the module
 * {@code playtcha-jakarta-cluster}, which keeps what several nodes share (the ledger's database
 * store, the shared client budgets, the shared login failures) behind the SPI's providers:
 * {@code ClusterModule}.
 *
 * <p>May import: {@code core}.
 */
package com.playtcha.jakarta.internal.cluster;
