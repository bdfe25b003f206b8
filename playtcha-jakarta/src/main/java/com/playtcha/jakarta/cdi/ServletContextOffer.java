package com.playtcha.jakarta.cdi;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.internal.config.OfferedVerifier;
import com.playtcha.jakarta.internal.config.OptionalApis;
import java.util.function.Supplier;

/**
 * Puts the verifier supplier into the servlet context, when there is one, knowing the supplier of the
 * instance behind its client proxy ({@link OfferedVerifier}). The Servlet API is only touched after
 * checking it is on the class path: CDI SE applications have none.
 */
final class ServletContextOffer {

    private static final boolean SERVLET_PRESENT = OptionalApis.present("jakarta.servlet.ServletContext");

    private ServletContextOffer() {
    }

    static void offer(Object event, Supplier<PlaytchaVerifier> verifier, Supplier<PlaytchaVerifier> instance) {
        if (SERVLET_PRESENT) {
            InServlet.offer(event, verifier, instance);
        }
    }

    /** Loaded only where the Servlet API exists. */
    private static final class InServlet {
        static void offer(Object event, Supplier<PlaytchaVerifier> verifier, Supplier<PlaytchaVerifier> instance) {
            if (event instanceof jakarta.servlet.ServletContext context) {
                context.setAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE, new OfferedVerifier(verifier, instance));
            }
        }
    }
}
