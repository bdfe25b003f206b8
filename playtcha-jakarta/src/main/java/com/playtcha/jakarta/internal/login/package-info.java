/**
 * Internal: not API, may change without notice. The login: {@code LoginPost}, the rule "is this a
 * login post" of the library and of every door (the door jars carry a relocated copy: the JDK only),
 * with the one percent-decoder of request paths; {@code LoginPolicy}, whether a login attempt needs a
 * token, answering a {@code LoginAttempt} with its {@code LoginOutcome}; {@code AccountKey}, how an
 * account name is counted. See design/login-path.md and design/login-guard.md.
 *
 * <p>May import: {@code core}, {@code spi} and the JDK; nothing of the web side, which renders what is
 * decided here.
 */
package com.playtcha.jakarta.internal.login;
