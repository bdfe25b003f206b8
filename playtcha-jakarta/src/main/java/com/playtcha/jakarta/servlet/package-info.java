/**
 * The servlet integration: {@code PlaytchaFilter} guards URL patterns, finds the token (header, form
 * field, multipart part), applies the dispatch rules and passes or rejects; what it shares with the
 * Jakarta REST filter it leaves to {@code internal.web}. {@code PlaytchaInitializer} registers the
 * filter from {@code playtcha.url-patterns} and checks declared filters at start-up; {@code LoginHooks}
 * is the protocol through which a container's login hook hands a FORM login post to the filters.
 *
 * <p>May import: {@code core}, {@code internal.config}, {@code internal.web} and {@code internal.web.servlet}
 * (which writes a rejection), the Servlet API, and
 * {@code internal.telemetry}'s {@code OptionalMetrics} (which names no OpenTelemetry type), never
 * {@code telemetry} itself. Not {@code cdi} (a CDI application offers its verifier through a servlet
 * context attribute), not {@code health}, and nothing else internal.
 */
package com.playtcha.jakarta.servlet;
