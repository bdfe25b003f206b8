/**
 * The Payara Server 6 door of the Playtcha login guard: {@link com.playtcha.jakarta.payara.PlaytchaLoginValve},
 * a virtual-server valve that hands FORM login posts to the application's guard before Payara's
 * authenticator checks the password, and {@link com.playtcha.jakarta.payara.PlaytchaLoginAnnouncer}, which
 * tells each application the valve is there. One jar in the domain's {@code lib} directory, never in a WAR.
 *
 * <p>May import: Payara's Catalina API ({@code org.apache.catalina}),
 * provided; the Servlet API ({@code jakarta.servlet});
 * the library's {@code spi.door}, relocated into this jar. Nothing else of the library.
 */
package com.playtcha.jakarta.payara;
