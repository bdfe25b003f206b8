/**
 * Settings from where Jakarta EE applications keep configuration, for the integrations: not API,
 * it may change in any release. {@link SettingsLoader} reads them, {@link VerifierKey} tells which
 * filters can share one verifier, {@link ManagedExecutor} finds the executor the ledger runs on.
 *
 * <p>Imports {@code core} only, and MicroProfile Config only when it is on the class path (this is
 * the one package that touches it). JNDI ({@code javax.naming}) is the JDK's; Jakarta Concurrency's
 * API is never needed. The integrations ({@code servlet}, {@code cdi}, {@code rest}, {@code health})
 * use this package; it never imports them, nor the rest of {@code internal.*}.
 */
package com.playtcha.jakarta.internal.config;
