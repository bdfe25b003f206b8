/**
 * Internal: not API, may change without notice. The login door of WildFly (Undertow), speaking to the
 * guard only through the login protocol's attributes, by name, as the doors on a server's class path
 * must; and {@code LoginPost}, the rule "is this a login post" of the library and of every door, with the
 * one percent-decoder of request paths (also for {@code @PlaytchaLogin}'s paths).
 * Other runtimes never load the Undertow classes. See design/web.md.
 *
 * <p>May import: the Servlet API, Undertow ({@code io.undertow}, provided and optional: only this
 * package may import it) and the JDK. Nothing of ours.
 */
package com.playtcha.jakarta.internal.login;
