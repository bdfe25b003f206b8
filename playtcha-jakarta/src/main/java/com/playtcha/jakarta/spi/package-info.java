/**
 * The library's service provider interface: what its own other jars implement or call, and nothing else.
 * The cluster module implements the stores' contracts ({@code Budgets}, {@code LoginFailures},
 * {@code LedgerStore} and {@code SharedStore}, each with a {@code Provider} found through
 * {@code META-INF/services}) and calls what keeps them alike on every node ({@code VerifierClock},
 * {@code AddressKey}, {@code AccountKey}'s hashes, {@code StoredEntry}, {@code TokenDigest}); the Jakarta
 * Security module and the Spring Boot starter's login call the login policy and the web side every door
 * shares ({@code LoginPolicy}, {@code LoginAttempt}, {@code LoginOutcome}, {@code WebGuard},
 * {@code WebLogin}, {@code Rejection}, {@code ServletRequestView}, {@code ServletRejection}); the Jakarta REST
 * module's filter implements {@code GuardedRequest} and calls the web side ({@code WebGuard},
 * {@code WebDecision}, {@code Rejection}); whatever holds
 * a verifier calls {@code Holders}; the login doors carry a relocated copy of {@code LoginPost}. Each type's
 * Javadoc begins "SPI:" and says who implements or calls it.
 *
 * <p>A contract between jars of one release: versioned with the library, a jar of another version is not
 * supported. Not for applications, which use {@code core} and the integrations. Why it holds what it
 * holds: design/spi.md.
 *
 * <p>May import: {@code core} and the JDK, and the Servlet API in {@code ServletRequestView} and
 * {@code ServletRejection} alone; {@code Holders} alone names the engine (its factory, the metrics'
 * attachment).
 */
package com.playtcha.jakarta.spi;
