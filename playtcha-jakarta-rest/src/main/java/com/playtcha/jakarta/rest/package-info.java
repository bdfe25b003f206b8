/**
 * The Jakarta REST integration: {@code PlaytchaFeature} registers {@code PlaytchaRequestFilter} on
 * each resource method that {@code @PlaytchaProtected} marks, itself or through its class; it finds the
 * token and hands the request to the SPI's web side ({@code WebGuard}), which decides it as for the
 * servlet filter.
 *
 * <p>May import: {@code core}, {@code spi} (whose {@code VerifierFactory} reads the settings and tells whether an
 * optional API is present) and the Jakarta REST API; the CDI API and the Servlet API only in nested classes
 * loaded after checking they are present, and Quarkus REST's and Mutiny's only in {@code QuarkusRest},
 * likewise. Not {@code servlet}, not {@code cdi}, not {@code config}, nothing internal.
 * It is a jar of its own, playtcha-jakarta-rest, beside the core, which names nothing of it: an application
 * without the jar has no {@code @PlaytchaProtected} to compile against.
 */
package com.playtcha.jakarta.rest;

