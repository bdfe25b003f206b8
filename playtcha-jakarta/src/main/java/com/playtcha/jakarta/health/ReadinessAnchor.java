package com.playtcha.jakarta.health;

import jakarta.enterprise.context.Dependent;

/**
 * Places the readiness check among the library jar's beans: {@link PlaytchaHealthExtension} names
 * this class as the check's bean class, and a container puts a synthetic bean into the bean archive
 * of its bean class. This class is in that archive on every container because it carries a
 * bean-defining annotation (the jar's discovery mode is {@code annotated}), and it names no
 * MicroProfile Health type, so it loads where the API is absent. Nothing injects it.
 */
@Dependent
class ReadinessAnchor {
}
