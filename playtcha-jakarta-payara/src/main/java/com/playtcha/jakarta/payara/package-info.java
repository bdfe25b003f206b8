/**
 * The Payara Server 6 door of the Playtcha login guard: {@link com.playtcha.jakarta.payara.PlaytchaLoginValve},
 * a virtual-server valve that hands FORM login posts to the application's guard before Payara's
 * authenticator checks the password, and {@link com.playtcha.jakarta.payara.PlaytchaLoginAnnouncer}, which
 * tells each application the valve is there. One jar in the domain's {@code lib} directory, never in a WAR.
 */
package com.playtcha.jakarta.payara;
