package com.playtcha.jakarta.cdi;

import com.playtcha.jakarta.config.OptionalApis;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.spi.store.LoginFailures;
import java.util.function.Supplier;

/**
 * Offers the application's verifier to the filters in the servlet context, when there is one
 * ({@link PlaytchaVerifier#APPLICATION_ATTRIBUTE}), and beside it the login counts
 * ({@link LoginFailures#APPLICATION_ATTRIBUTE}). The Servlet API is only touched after checking it is
 * on the class path: CDI SE applications have none.
 */
final class ServletContextOffer {

    private static final boolean SERVLET_PRESENT = OptionalApis.present("jakarta.servlet.ServletContext");

    private ServletContextOffer() {
    }

    static void offer(Object event, Supplier<PlaytchaVerifier> verifier, Supplier<LoginFailures> loginFailures) {
        if (SERVLET_PRESENT) {
            InServlet.offer(event, verifier, loginFailures);
        }
    }

    /** Loaded only where the Servlet API exists. */
    private static final class InServlet {
        static void offer(Object event, Supplier<PlaytchaVerifier> verifier, Supplier<LoginFailures> loginFailures) {
            if (event instanceof jakarta.servlet.ServletContext context) {
                context.setAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE, verifier);
                context.setAttribute(LoginFailures.APPLICATION_ATTRIBUTE, loginFailures);
            }
        }
    }
}
