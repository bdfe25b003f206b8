/**
 * The servlet integration: {@code PlaytchaFilter} guards URL patterns, finds the token (header, form
 * field, multipart part, the last through its reader in {@code servlet.multipart}), applies the dispatch
 * rules and passes or rejects; what it shares with the Jakarta REST filter and the other login doors it
 * leaves to the SPI's web side ({@code spi}). {@code PlaytchaInitializer} registers the filter from
 * {@code playtcha.url-patterns} and checks declared filters at start-up; {@code LoginHooks} is the protocol
 * through which a container's login hook hands a FORM login post to the filters.
 *
 * <p>May import: {@code core}, {@code config}, {@code spi} (whose {@code VerifierFactory} also attaches the metrics:
 * never {@code telemetry} itself), the multipart reader ({@code servlet.multipart}) and the Servlet API. Not
 * {@code cdi} (a CDI application offers its verifier through a servlet context attribute), not
 * {@code health}, and nothing internal.
 */
package com.playtcha.jakarta.servlet;

