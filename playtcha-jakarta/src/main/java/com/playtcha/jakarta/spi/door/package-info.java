/**
 * SPI, login doors: the protocol a door on the server's class path (the Tomcat, Jetty, Payara and Undertow
 * jars, and the library's own filter hook) speaks to the application's copy of the library: the names of
 * the attributes and headers ({@code LoginProtocol}), the door's side of it written once
 * ({@code LoginDoor}), and which requests are a login post to the guard ({@code LoginPost}). Each door jar
 * carries a copy of this package relocated into its own (design/login-guard.md §8), so its version need not
 * match the library's: nothing here names the rest of the library.
 *
 * <p>May import: the JDK; the Servlet API ({@code jakarta.servlet}) in {@code LoginDoor} alone.
 */
package com.playtcha.jakarta.spi.door;
