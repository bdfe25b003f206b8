package com.playtcha.jakarta.cdi;

import com.playtcha.jakarta.config.OptionalApis;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.spi.VerifierOffer;

/**
 * Offers the application's verifier to the filters in the servlet context, when there is one, and beside it
 * the login counts: one {@link VerifierOffer} under {@link PlaytchaVerifier#APPLICATION_ATTRIBUTE}. The
 * Servlet API is only touched after checking it is on the class path: CDI SE applications have none.
 */
final class ServletContextOffer {

    private static final boolean SERVLET_PRESENT = OptionalApis.present("jakarta.servlet.ServletContext");

    private ServletContextOffer() {
    }

    static void offer(Object event, VerifierOffer offer) {
        if (SERVLET_PRESENT) {
            InServlet.offer(event, offer);
        }
    }

    /** Loaded only where the Servlet API exists. */
    private static final class InServlet {
        static void offer(Object event, VerifierOffer offer) {
            if (event instanceof jakarta.servlet.ServletContext context) {
                context.setAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE, offer);
            }
        }
    }
}
