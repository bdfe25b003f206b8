/**
 * Settings for the core's integrations: not API, it may change in any release. {@link SettingsLoader}
 * reads them, {@link VerifierKey} tells which filters can share one verifier, {@link ManagedExecutor}
 * finds the executor the ledger runs on, {@link OptionalApis} whether an optional API is there. A layer of
 * its own between the integrations and {@code core} (integrations -> config -> core), outside
 * {@code internal} because the core's integrations ({@code servlet}, {@code cdi}, {@code health}) call it
 * across packages. It is no contract between jars: another jar (the Jakarta REST module) reads its
 * settings through the SPI's {@code VerifierFactory}, and {@code ArchitectureTest} keeps it so.
 *
 * <p>May import: {@code core}; MicroProfile Config ({@code org.eclipse.microprofile.config}) in
 * {@code MicroProfileSource}, the one class that touches it, loaded only when it is on the class path. Never
 * the integrations, the SPI nor {@code internal}.
 */
package com.playtcha.jakarta.config;

