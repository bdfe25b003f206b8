/**
 * The WildFly (Undertow) door of Playtcha's login guard: {@link com.playtcha.jakarta.undertow.PlaytchaLoginExtension},
 * an Undertow {@code ServletExtension} that hands FORM login posts ({@code j_security_check}) to the
 * application's playtcha-jakarta before Undertow's (or Elytron's) FORM mechanism checks the password.
 *
 * <p>This jar goes into the WAR's {@code WEB-INF/lib}, next to playtcha-jakarta: Undertow finds it through
 * the deployment's {@code META-INF/services/io.undertow.servlet.ServletExtension}. It speaks to the
 * library only through servlet-context and request attributes, by name, and carries its own relocated
 * copy of the library's login-post rule, so it needs nothing else of the library at run time.
 *
 * <p>May import: Undertow ({@code io.undertow}), provided; the Servlet API ({@code jakarta.servlet});
 * the library's {@code spi.door}, relocated into this jar. Nothing else of the library.
 */
package com.playtcha.jakarta.undertow;
