/**
 * Internal: not API, may change without notice. The login door of WildFly (Undertow): hands a
 * container FORM login post ({@code j_security_check}) to the application's login guard before
 * the container checks the password. Nothing to configure: Undertow finds
 * {@code UndertowLoginExtension} through {@code META-INF/services/io.undertow.servlet.ServletExtension}
 * in this jar when it deploys the application, and the extension announces itself
 * ({@code com.playtcha.jakarta.login.hook} = {@code "undertow"}) and puts {@code UndertowLoginHandler}
 * among Undertow's security handlers, before the one that runs the authentication mechanisms
 * (Elytron's FORM mechanism among them). The handler looks
 * at the path of every request and, for a login post only, calls the {@code jakarta.servlet.Filter}
 * the library publishes as {@code com.playtcha.jakarta.login.guard}; no guard, or the guard lets
 * the post go on: Undertow's own login runs as before.
 *
 * <p>The door speaks to the guard only through the servlet-context and request attributes of the
 * login protocol, by name, exactly as the doors that live on a server's class path (Tomcat, Jetty,
 * Payara) must: so it names nothing of ours, and one guard serves every door alike.
 *
 * <p><b>Other runtimes never load these classes.</b> They name Undertow types, which only WildFly
 * (and an embedded Undertow) has. Nothing reaches them but Undertow's own
 * {@code ServiceLoader.load(ServletExtension.class, ...)}: no other container reads that service
 * file; no class of the library names this package; the library's {@code beans.xml} is
 * {@code bean-discovery-mode="annotated"} and these classes carry no bean-defining annotation,
 * so a CDI container does not take them as beans; and the containers' annotation scans (Tomcat,
 * Jetty, Liberty) read class files as bytes without loading them, as they already do for the
 * optional OpenTelemetry, MicroProfile Health and Jakarta REST classes of this jar.
 *
 * <p>May import: the Servlet API, Undertow ({@code io.undertow}, provided and optional: only this
 * package may import it) and the JDK. Nothing of ours.
 */
package com.playtcha.jakarta.internal.login;
