/**
 * Internal: not API, may change without notice. The login door of WildFly (Undertow): hands a
 * container FORM login post ({@code j_security_check}) to the application's login guard before the
 * container checks the password, with nothing to configure ({@code UndertowLoginExtension} says how
 * Undertow finds it, {@code UndertowLoginHandler} what it does with a request).
 *
 * <p>The door speaks to the guard only through the servlet-context and request attributes of the
 * login protocol, by name, exactly as the doors that live on a server's class path (Tomcat, Jetty,
 * Payara) must: so it names nothing of ours, and one guard serves every door alike.
 *
 * <p>{@code LoginPost}, the JDK only, is the rule "is this a login post" of the library and of every door
 * (the servlet package's {@code LoginHooks} calls it, the door jars carry a relocated copy).
 *
 * <p><b>Other runtimes never load the Undertow classes</b>, which name Undertow types: nothing reaches them
 * but Undertow's own {@code ServiceLoader.load(ServletExtension.class, ...)}; no class of the library
 * names them; they carry no bean-defining annotation in the library's
 * {@code bean-discovery-mode="annotated"} archive; and the containers' annotation scans read class
 * files as bytes without loading them.
 *
 * <p>May import: the Servlet API, Undertow ({@code io.undertow}, provided and optional: only this
 * package may import it) and the JDK. Nothing of ours.
 */
package com.playtcha.jakarta.internal.login;
