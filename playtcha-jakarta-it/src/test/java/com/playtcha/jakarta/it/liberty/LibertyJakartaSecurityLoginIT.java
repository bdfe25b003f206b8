package com.playtcha.jakarta.it.liberty;

import com.playtcha.jakarta.it.JakartaSecurityLoginScenario;

/** {@link JakartaSecurityLoginScenario} in a real Open Liberty ({@code appSecurity-5.0}: its own Jakarta Security), managed by Arquillian. */
class LibertyJakartaSecurityLoginIT extends JakartaSecurityLoginScenario {
}
