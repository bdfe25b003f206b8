/**
 * Internal: not API, may change without notice. The web side both filters share: {@code WebGuard}
 * decides a guarded request (reuses the result an earlier filter left on it, or verifies it with the
 * one call), publishes the {@code com.playtcha.*} attributes, words the observe-mode note, and says
 * what a blocked request is answered ({@code Rejection}: status, {@code Retry-After}, the JSON
 * envelope of {@code RejectionBody} for clients that prefer JSON by {@code AcceptHeader}). The servlet
 * filter and the Jakarta REST filter are adapters: each finds the token, applies its own dispatch
 * rules and writes the answer in its own API, and hands this package the request as a
 * {@code GuardedRequest}. {@code PercentEscapes} decodes a request path for the two that must read it
 * as a container does (the login post, {@code @PlaytchaLogin}'s paths). The adapters that answer
 * through the Servlet API write a rejection with one piece of code, in {@code internal.web.servlet}.
 *
 * <p>May import: {@code core} and the JDK only. Nothing of Servlet or Jakarta REST: the adapters
 * translate.
 */
package com.playtcha.jakarta.internal.web;
