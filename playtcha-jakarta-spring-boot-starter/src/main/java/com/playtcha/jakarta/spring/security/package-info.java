/**
 * Reserved for Spring Security logins (a token before {@code formLogin()}'s password check, counted
 * under {@code playtcha.login.require}): an auto-configuration of its own, conditional on Spring
 * Security, beside the starter's others. Nothing here yet: docs/spring-boot.md says what is not covered.
 */
package com.playtcha.jakarta.spring.security;
