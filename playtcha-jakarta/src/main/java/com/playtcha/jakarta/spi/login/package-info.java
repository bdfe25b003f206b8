/**
 * SPI, login policy: what decides a login attempt for every door ({@code LoginPolicy}, {@code LoginAttempt},
 * {@code LoginOutcome}, {@code LoginAccount}, and {@code LoginMemo}, what a request's decisions settled); it
 * knows nothing of how an answer reaches a client. Each type's Javadoc begins "SPI:" and says who calls it.
 *
 * <p>May import: {@code core}; the stores' contracts ({@code spi.store}), whose login counts it keeps.
 * Nothing of the web side, the servlet side nor the doors.
 */
package com.playtcha.jakarta.spi.login;
