/**
 * The servlet integration: {@code PlaytchaFilter} guards URL patterns, finds the token (header,
 * form field, multipart part), verifies once per request, publishes the {@code com.playtcha.*}
 * request attributes and passes or rejects; {@code PlaytchaInitializer} registers the filter from
 * {@code playtcha.url-patterns} and checks declared filters at start-up.
 *
 * <p>May import: {@code core}, {@code internal.config}, the Servlet API, and
 * {@code internal.telemetry}'s {@code OptionalMetrics} (which names no OpenTelemetry type), never
 * {@code telemetry} itself. Not {@code cdi} (a CDI application offers its verifier through a servlet
 * context attribute), not {@code health}, and nothing else internal.
 */
package com.playtcha.jakarta.servlet;
