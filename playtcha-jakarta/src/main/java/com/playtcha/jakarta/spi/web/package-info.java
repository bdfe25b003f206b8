/**
 * SPI, web side: what the library's filters, the Jakarta REST filter, {@code @PlaytchaLogin} and the Spring
 * Boot starter's login call alike: the login policy ({@code LoginPolicy}, {@code LoginAttempt},
 * {@code LoginOutcome}, {@code LoginAccount}, and the doors' {@code LoginMemo} of a request), the web guard
 * every filter shares ({@code WebGuard}, {@code WebDecision}, {@code GuardedRequest}), and how an answer is
 * answered ({@code WebLogin} and its {@code LoginAnswer}, {@code Rejection}, {@code ServletRequestView},
 * {@code ServletRejection}, {@code ServletLoginAnswer}). Each type's Javadoc begins "SPI:" and says who
 * implements or calls it.
 *
 * <p>May import: {@code core}; the stores' contracts ({@code spi.store}); the doors' protocol
 * ({@code spi.door}); the Servlet API ({@code jakarta.servlet}) in {@code ServletRequestView},
 * {@code ServletRejection} and {@code ServletLoginAnswer} alone (the Jakarta REST filter shares the rest
 * without it). The login policy names nothing of the web side that renders it.
 */
package com.playtcha.jakarta.spi.web;
