/**
 * Internal: not API, may change without notice. {@code LoginPost}, the rule "is this a login post" of
 * the library and of every door (the door jars carry a relocated copy), with the one percent-decoder of
 * request paths (also for {@code @PlaytchaLogin}'s paths). See design/login-guard.md.
 *
 * <p>May import: the JDK. Nothing of ours.
 */
package com.playtcha.jakarta.internal.login;
