/**
 * SPI, login doors: the protocol a door on the server's class path (the Tomcat, Jetty, Payara and Undertow
 * jars) speaks to the application's copy of the library: which requests are a login post ({@code LoginPost})
 * and the names of the attributes and headers ({@code LoginProtocol}). The JDK only: each door jar carries
 * a copy relocated into its own package (design/login-guard.md §8), so its version need not match the
 * library's.
 *
 * <p>May import: the JDK alone.
 */
package com.playtcha.jakarta.spi.door;
