/**
 * Internal: not API, may change without notice. The web side every guard shares: {@code WebGuard}
 * decides a {@code GuardedRequest}, {@code Rejection} says what a blocked one is answered,
 * {@code WebLogin} verifies and renders what the login policy decides; the filters are adapters. See
 * design/web.md.
 *
 * <p>May import: {@code core}, {@code internal.login} and the JDK only. Nothing of Servlet or Jakarta
 * REST: the adapters translate.
 */
package com.playtcha.jakarta.internal.web;
