package com.playtcha.jakarta.it.payara;

import com.playtcha.jakarta.it.JakartaSecurityLoginScenario;

/**
 * {@link JakartaSecurityLoginScenario} in a real Payara Server 6 (Soteria), managed by Arquillian, in
 * the domain the build sets up for every Payara test: {@code playtcha.health.enabled=false} (see
 * arquillian.xml) and the {@code playtcha-jakarta-payara} valve on the virtual server, which hands
 * case (c)'s post to {@code j_security_check} to the guard before Soteria's mechanism checks the
 * password.
 */
class PayaraJakartaSecurityLoginIT extends JakartaSecurityLoginScenario {
}
