package com.playtcha.jakarta.spi.store;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import java.time.Duration;

/**
 * SPI: the failed logins that {@code playtcha.login.require=after-failures} counts (and, under {@code always}, the
 * logins that go on without Playtcha's verdict, which these counts bound), on the engine of the client budgets: this
 * node's memory, else the cluster's store ({@code playtcha-jakarta-cluster} implements this and registers a
 * {@link Provider}). Held beside a verifier, handed to the login policy. Three counts decide whether an attempt needs a
 * token: the account's, the client's (keyed as the client budgets key addresses, {@link AddressKey}: an IPv6 /64 and
 * its /56 and /48 with 4 and 16 times the limit) and the application's; each forgets a failure older than its window.
 *
 * <p>A success never clears a count; an account is known only by its keyed hash ({@link AccountKey}); nothing here
 * refuses a login, a count at its limit asks for a token. Why: design/engine.md.
 */
public interface LoginFailures {

    /**
     * What counts as "under attack".
     *
     * @param account        failures of one account in {@code window} after which its attempts need a token
     * @param client         failures of one client in {@code window} after which its attempts need a token
     * @param window         how long a failure of an account or a client counts
     * @param applicationPerMinute failures a minute of the whole application above which every attempt
     *                       needs a token, until the rate falls back
     */
    record Limits(int account, int client, Duration window, int applicationPerMinute) {
        /** The limits of {@code playtcha.login.*}. */
        public static Limits of(PlaytchaSettings.Login login) {
            return new Limits(login.accountFailures(), login.clientFailures(), login.failureWindow(), login.attackFailuresPerMinute());
        }
    }

    /**
     * Whether an attempt by this client on this account needs a token: the account's or the client's
     * count has reached its limit, or the application's rate is above its own.
     *
     * @param account the account's keyed hash, or {@code null}
     */
    boolean needsToken(byte[] account, String clientAddress);

    /**
     * Lets an attempt go on without a token when no count is at its limit, and then counts it at once as
     * a failure of the account and the client, before the realm is asked: concurrent attempts see each
     * other, so however many arrive at once, no more than the limit go on without a token. Its outcome
     * goes to {@link #admitted}.
     *
     * @return {@code false} when it needs a token (nothing is counted then)
     */
    boolean admit(byte[] account, String clientAddress);

    /**
     * The outcome of an attempt {@link #admit} let go on: accepted, what was counted in advance (the account's and
     * the client's) is given back; refused, the application's failure is counted now. An admitted attempt whose
     * outcome never comes stays counted as a failure of its account and client.
     */
    void admitted(byte[] account, String clientAddress, boolean accepted);

    /** Counts one failed attempt that carried a token against the account (when named), the client and the application. */
    void failed(byte[] account, String clientAddress);

    /** A login with a token succeeded: nothing is counted or cleared (a cleared count would tell which accounts exist). */
    default void succeeded(byte[] account) {
    }

    /** {@code budgets_local} while the cluster's store cannot be reached and this node counts alone; else {@code null}. */
    default LocalFault away() {
        return null;
    }

    /**
     * Counts of their own on the same store, for one of several applications sharing it (a Keycloak realm): every
     * count is kept apart from other scopes', on these limits; closing it leaves the store to these counts' close.
     *
     * @param scope names the application (a realm's id); the cluster's stores key on a hash of it
     * @throws UnsupportedOperationException from counts that cannot keep applications apart
     */
    default LoginFailures within(String scope) {
        throw new UnsupportedOperationException(getClass().getName() + " keeps the counts of one application only");
    }

    /** Stops what the counts run; never throws. */
    default void close() {
    }

    /** What the cluster module registers in {@code META-INF/services}. */
    interface Provider {
        /**
         * The counts the cluster shares for these settings (its store as for the client budgets), counting
         * in {@code local} while that store is away, on {@code clock}; threads named {@code <threads>-...}; a
         * store named in the settings found in {@code resources} first.
         */
        LoginFailures open(PlaytchaSettings settings, Limits limits, LoginFailures local, VerifierClock clock, String threads,
                Resources resources);
    }
}
