/**
 * SPI, web side: what every filter and login door calls: the web guard ({@code WebGuard}, {@code WebDecision},
 * {@code GuardedRequest}, {@code Rejection}) and a login attempt decided in one call ({@code WebLogin}) that answers
 * what to do ({@code LoginAnswer}), rendered for every door by {@code LoginRenderer}. No Servlet type: the Jakarta REST
 * filter shares it (the Servlet side: {@code spi.servlet}). Each type's Javadoc begins "SPI:", says who uses it.
 *
 * <p>May import: {@code core}; the login policy ({@code spi.login}); {@code spi.door}, its header names;
 * {@code spi.store} in {@code ObserveNote} (its {@code LogThrottle}).
 */
package com.playtcha.jakarta.spi.web;
