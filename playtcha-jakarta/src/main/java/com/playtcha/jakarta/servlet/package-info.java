/**
 * The servlet integration: {@code PlaytchaFilter} guards URL patterns, finds the token (header, form
 * field, multipart part, the last through its reader in {@code servlet.multipart}), applies the dispatch
 * rules and passes or rejects; what it shares with the Jakarta REST filter and the other login doors it
 * leaves to the SPI's web side ({@code spi}). {@code PlaytchaInitializer} registers the filter from
 * {@code playtcha.url-patterns} and checks declared filters at start-up; {@code LoginGuard} decides the FORM
 * login posts a container's login door hands over ({@code spi.door.LoginProtocol}).
 *
 * <p>May import: {@code core}; {@code config}; {@code spi} (whose {@code VerifierFactory} also attaches the
 * metrics), {@code spi.store}, {@code spi.login}, {@code spi.web}, {@code spi.servlet} and {@code spi.door}; the
 * multipart reader ({@code servlet.multipart}); the Servlet API ({@code jakarta.servlet}); the doors' packages
 * ({@code tomcat}, {@code jetty}, {@code payara}) in {@code LoginGuardListener}, whose message names their
 * classes; {@code rest} in {@code RestJarCheck}, which looks for the REST jar's annotation by name. Never
 * {@code telemetry} itself, not {@code cdi} (a CDI application offers its verifier through a servlet context
 * attribute), not {@code health}, and nothing internal.
 */
package com.playtcha.jakarta.servlet;

