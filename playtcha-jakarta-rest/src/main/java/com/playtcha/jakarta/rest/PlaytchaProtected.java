package com.playtcha.jakarta.rest;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Guards a Jakarta REST resource method, or every method of a resource class, with Playtcha: the
 * request must carry a token that Playtcha verifies, or it is answered before the method runs.
 *
 * <pre>{@code
 * @Path("/signup")
 * public class SignupResource {
 *     @POST
 *     @PlaytchaProtected
 *     @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
 *     public Response signUp(@FormParam("email") String email) { ... }
 * }
 * }</pre>
 *
 * <p>Which requests are verified:
 * <ul>
 *   <li>on a <b>method</b>: every request to it, whatever its HTTP method. You named the method;
 *       {@code playtcha.methods} does not narrow that down. The method may also inherit the
 *       annotation from the interface or superclass method it implements, as it inherits
 *       {@code @GET} or {@code @Path} (resources generated from an OpenAPI document).</li>
 *   <li>on a <b>class</b>: requests to its methods whose HTTP method is in {@code playtcha.methods}
 *       ({@code POST} by default), as the servlet filter does for its URL patterns, so that the
 *       {@code GET} that shows a form is not blocked for want of a token.</li>
 * </ul>
 *
 * <p>{@link PlaytchaFeature} registers {@link PlaytchaRequestFilter} on each method it marks:
 * register the feature with your application (or let the runtime's scanning find it).
 */
@NameBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface PlaytchaProtected {
}
