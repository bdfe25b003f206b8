/**
 * The Jakarta REST integration: {@code PlaytchaFeature} registers {@code PlaytchaRequestFilter} on
 * each resource method that {@code @PlaytchaProtected} marks, itself or through its class; it finds the
 * token and hands the request to the SPI's web side ({@code WebGuard}), which decides it as for the
 * servlet filter. Jersey registers the feature by itself ({@code JerseyDiscovery}).
 *
 * <p>May import: {@code core}; {@code spi} (whose {@code VerifierFactory} reads the settings and tells
 * whether an optional API is present); {@code spi.web}; {@code spi.store} in {@code PlaytchaRequestFilter} (its
 * {@code LogThrottle}); the Jakarta REST API ({@code jakarta.ws.rs}); the
 * Servlet API ({@code jakarta.servlet}) in {@code ServletAddressFilter}, loaded after checking it is present;
 * Quarkus REST's and Mutiny's ({@code org.jboss.resteasy.reactive}, {@code io.smallrye.mutiny}) in
 * {@code QuarkusRest}, likewise; Jersey's auto-discovery SPI ({@code org.glassfish.jersey.internal.spi}) in
 * {@code JerseyDiscovery}, which only Jersey loads. The CDI API only written out in nested classes, likewise. Not
 * {@code servlet}, not {@code cdi}, not {@code config}, nothing internal.
 * It is a jar of its own, playtcha-jakarta-rest, beside the core, which names nothing of it: an application
 * without the jar has no {@code @PlaytchaProtected} to compile against.
 */
package com.playtcha.jakarta.rest;

