/**
 * The Jetty 12 (ee10) door of Playtcha's login guard: {@link com.playtcha.jakarta.jetty.PlaytchaLoginHandler},
 * a handler inserted into a web application's context ahead of its security handler, which hands FORM
 * login posts ({@code j_security_check}) to the application's copy of playtcha-jakarta.
 *
 * <p>This jar lives on the server's class path ({@code $JETTY_BASE/lib/ext}, or an embedding
 * application's class path), never in {@code WEB-INF/lib}, and has no dependency on playtcha-jakarta:
 * the two meet only through servlet-context and request attributes holding Servlet API and JDK types,
 * so a server can host applications built with different versions of the library.
 *
 * <p>May import: Jetty's API ({@code org.eclipse.jetty}), provided; the Servlet API ({@code jakarta.servlet});
 * the library's {@code spi.door}, relocated into this jar. Nothing else of the library.
 */
package com.playtcha.jakarta.jetty;
