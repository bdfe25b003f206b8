/**
 * Settings for the integrations: not API, it may change in any release. {@link SettingsLoader} reads
 * them, {@link VerifierKey} tells which filters can share one verifier, {@link ManagedExecutor} finds
 * the executor the ledger runs on, {@link OptionalApis} whether an optional API is there. A layer of its
 * own between the integrations and {@code core} (integrations -> config -> core), outside {@code internal}
 * because every integration calls it, the Jakarta REST module's in its own jar too (so, like the SPI, a
 * contract between jars of one release).
 *
 * <p>Imports {@code core} only, and MicroProfile Config only when it is on the class path (the one
 * package that touches it); never the integrations, the SPI nor {@code internal}.
 */
package com.playtcha.jakarta.config;
