/**
 * Internal: not API, may change without notice. What the guards that answer through the Servlet API
 * write alike: {@code ServletRejection} puts {@code internal.web}'s {@code Rejection} onto an
 * {@code HttpServletResponse}, for the servlet filter, the login guard and the {@code @PlaytchaLogin}
 * interceptor; {@code ServletRequestView} reads an {@code HttpServletRequest} for the guard, for the
 * filter and the interceptor. Kept apart from {@code internal.web}, which names nothing of Servlet so
 * that the Jakarta REST filter shares it without the Servlet API.
 *
 * <p>May import: {@code core}, {@code internal.web}, {@code internal.login}, the Servlet API and the JDK.
 * Nothing else of ours.
 */
package com.playtcha.jakarta.internal.web.servlet;
