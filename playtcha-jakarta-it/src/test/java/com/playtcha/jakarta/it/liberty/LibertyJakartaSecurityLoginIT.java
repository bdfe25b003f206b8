package com.playtcha.jakarta.it.liberty;

import com.playtcha.jakarta.it.JakartaSecurityLoginScenario;

/**
 * {@link JakartaSecurityLoginScenario} in a real Open Liberty ({@code appSecurity-5.0}: its own
 * Jakarta Security), managed by Arquillian. Case (c) needs no door there: Liberty runs the filters
 * mapped onto {@code /j_security_check} before its login processor, which is where the built-in FORM
 * mechanism checks the password.
 */
class LibertyJakartaSecurityLoginIT extends JakartaSecurityLoginScenario {
}
