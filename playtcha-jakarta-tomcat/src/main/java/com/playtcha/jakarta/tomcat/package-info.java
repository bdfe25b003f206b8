/**
 * The Tomcat door of Playtcha's login guard: {@link com.playtcha.jakarta.tomcat.PlaytchaLoginValve},
 * which hands FORM login posts ({@code j_security_check}) to the application's login guard before
 * Tomcat's authenticator checks the password. Its class Javadoc says how to install it.
 *
 * <p><b>Why a jar of its own, and in {@code $CATALINA_BASE/lib}.</b> The valve is declared in
 * {@code context.xml}, which Tomcat parses with its own class loader before the application's class
 * loader exists: the class must be on Tomcat's class path, not in the WAR. The library
 * ({@code playtcha-jakarta}) must stay in the WAR: it reads the application's configuration, keeps
 * its pool and its ledger per application, and is redeployed with it. So the valve lives here, apart,
 * and reaches the library's copy in each application through the Servlet API only: it reads the
 * servlet-context attribute {@code com.playtcha.jakarta.login.guard} (a {@code jakarta.servlet.Filter},
 * a type both class loaders share) and calls it. It depends on nothing of the library, at compile time
 * or at run time, and their versions need not match.
 *
 * <p><b>Why this jar has no {@code ServletContainerInitializer} nor any other service file.</b>
 * Tomcat hands every web application the initializers it finds through its own class loaders
 * ({@code WebappServiceLoader}: "providers defined by resources in the parent ClassLoader will always be
 * returned"). An initializer in a jar in {@code lib/} would therefore start in every application of the
 * server, including those that know nothing of Playtcha. For the same reason the {@code playtcha-jakarta}
 * library jar, which has an initializer, must never be put into {@code lib/}.
 *
 * <p>May import: Tomcat's Catalina API ({@code org.apache.catalina},
 * {@code org.apache.tomcat}), provided; the Servlet API ({@code jakarta.servlet});
 * the library's {@code spi.door}, relocated into this jar. Nothing else of the library.
 */
package com.playtcha.jakarta.tomcat;
