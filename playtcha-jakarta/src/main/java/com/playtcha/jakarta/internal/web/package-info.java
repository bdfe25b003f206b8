/**
 * Internal: not API, may change without notice. The web side every guard shares: {@code WebGuard}
 * decides a {@code GuardedRequest}, {@code Rejection} says what a blocked one is answered,
 * {@code LoginPolicy} whether a login needs a token; the filters are adapters. See design/web.md.
 *
 * <p>May import: {@code core} and the JDK only. Nothing of Servlet or Jakarta REST: the adapters
 * translate.
 */
package com.playtcha.jakarta.internal.web;
