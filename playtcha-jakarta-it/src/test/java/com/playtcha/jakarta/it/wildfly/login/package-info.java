/**
 * What the WildFly login scenarios ({@code WildFlyLogin*IT}) deploy and how they watch the realm:
 * the servlets of the FORM-login WAR, the stub guard of the door's own scenario, and
 * {@link com.playtcha.jakarta.it.wildfly.login.RealmAudit}, which counts the password checks of
 * WildFly's {@code ApplicationDomain} in Elytron's audit log.
 */
package com.playtcha.jakarta.it.wildfly.login;
