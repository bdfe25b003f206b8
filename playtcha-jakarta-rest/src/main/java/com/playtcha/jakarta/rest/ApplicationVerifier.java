package com.playtcha.jakarta.rest;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.spi.VerifierFactory;
import java.lang.System.Logger.Level;

/**
 * Which verifier the REST filter uses, found on its first request (CDI is up by then):
 * <ol>
 *   <li>the one given to {@link PlaytchaFeature#PlaytchaFeature(PlaytchaVerifier, PlaytchaSettings)};</li>
 *   <li>with CDI: the {@code PlaytchaVerifier} bean CDI resolves, the library's producer or the
 *       application's alternative, the same one {@code @Inject PlaytchaVerifier} and the servlet
 *       filter use;</li>
 *   <li>otherwise one built from the settings, closed by {@link #close()}.</li>
 * </ol>
 * The CDI API is touched only after checking it is on the class path.
 */
final class ApplicationVerifier {

    private static final System.Logger LOG = System.getLogger(ApplicationVerifier.class.getName());
    private static final boolean CDI_PRESENT = VerifierFactory.present("jakarta.enterprise.inject.spi.CDI");

    private final PlaytchaSettings settings;
    private volatile PlaytchaVerifier verifier;
    private boolean built;

    ApplicationVerifier(PlaytchaVerifier given, PlaytchaSettings settings) {
        this.verifier = given;
        this.settings = settings;
    }

    PlaytchaVerifier get() {
        PlaytchaVerifier found = verifier;
        if (found != null) {
            return found;
        }
        synchronized (this) {
            if (verifier == null) {
                PlaytchaVerifier fromCdi = CDI_PRESENT ? InCdi.lookUp() : null;
                built = fromCdi == null;
                verifier = built ? PlaytchaVerifier.create(settings) : fromCdi;
                LOG.log(Level.INFO, "Playtcha REST filter verifies with {0} [{1}]",
                        built ? "its own verifier" : "the application's CDI verifier", built ? settings : verifier);
            }
            return verifier;
        }
    }

    /** Closes the verifier if this built it; never one that was given or came from CDI. */
    synchronized void close() {
        if (built && verifier != null) {
            verifier.close();
            verifier = null;
        }
    }

    /** Loaded only where the CDI API exists. */
    private static final class InCdi {
        static PlaytchaVerifier lookUp() {
            try {
                jakarta.enterprise.inject.Instance<PlaytchaVerifier> beans =
                        jakarta.enterprise.inject.spi.CDI.current().select(PlaytchaVerifier.class);
                return beans.isResolvable() ? beans.get() : null;
            } catch (IllegalStateException noContainer) { // the API without a running container (a plain Jetty)
                return null;
            }
        }
    }
}
