/**
 * Settings for the integrations: not API, it may change in any release. {@link SettingsLoader} reads
 * them, {@link VerifierKey} tells which filters can share one verifier, {@link ManagedExecutor} finds
 * the executor the ledger runs on.
 *
 * <p>Imports {@code core} only, and MicroProfile Config only when it is on the class path (the one
 * package that touches it); never the integrations nor the rest of {@code internal.*}.
 */
package com.playtcha.jakarta.config;
