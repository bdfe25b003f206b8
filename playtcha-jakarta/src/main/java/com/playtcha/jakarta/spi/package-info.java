/**
 * The library's service provider interface: what its own other jars implement or call, and nothing else,
 * split by role into five packages and the holders' classes here.
 * <ul>
 *   <li>{@link com.playtcha.jakarta.spi.store}: what the store modules (cluster, Redis) implement, and what
 *       keeps their keys and time alike on every node.</li>
 *   <li>{@link com.playtcha.jakarta.spi.login}: the login policy, naming nothing of how it is answered.</li>
 *   <li>{@link com.playtcha.jakarta.spi.web}: what the web adapters and login doors call: the web guard, and a
 *       login attempt decided in one call; {@link com.playtcha.jakarta.spi.servlet}, the same through the
 *       Servlet API.</li>
 *   <li>{@link com.playtcha.jakarta.spi.door}: the protocol a login door on the server's class path speaks
 *       to the application, the JDK only; each door jar carries a relocated copy.</li>
 *   <li>{@link com.playtcha.jakarta.spi.VerifierFactory}, here: what whatever holds a verifier calls to build
 *       it and its siblings, and to read its application's settings; what it offers its web application's
 *       filters ({@link com.playtcha.jakarta.spi.VerifierOffer}) and what a filter then uses
 *       ({@link com.playtcha.jakarta.spi.VerifierAndCounts}).</li>
 * </ul>
 *
 * <p>A contract between jars of one release: versioned with the library, a jar of another version is not
 * supported. Not for applications, which use {@code core} and the integrations. Why it holds what it
 * holds: design/spi.md.
 *
 * <p>May import: {@code core}; {@code spi.store}; the engine ({@code internal.verifier},
 * {@code internal.telemetry}) and {@code config} (the settings' loader, the optional-API check) in
 * {@code VerifierFactory} alone, so that no other jar does.
 */
package com.playtcha.jakarta.spi;
