package com.playtcha.jakarta.spi.login;

import com.playtcha.jakarta.spi.store.LoginFailures;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * SPI: what a login door calls to tell how the password check of one attempt that went on ended, told once ({@link #checked} or
 * {@link #unchecked}; later calls are ignored) and counted: a failure against the account, the client
 * and the application; a success or no check gives back what the attempt counted in advance and clears
 * nothing. Never throws. As a {@code Consumer<Boolean>} it is what a login door calls
 * ({@code spi.door.LoginProtocol.OUTCOME}, through {@code LoginDoor}): {@code TRUE} accepted, {@code FALSE} refused, {@code null} ignored.
 */
public final class LoginOutcome implements Consumer<Boolean> {

    private static final System.Logger LOG = System.getLogger(LoginOutcome.class.getName());

    private final LoginFailures failures;
    private final byte[] account;
    private final String client;
    /** Whether the attempt was counted as a failure in advance ({@link LoginFailures#admit}). */
    private final boolean admitted;
    private final AtomicBoolean told = new AtomicBoolean();

    LoginOutcome(LoginFailures failures, byte[] account, String client, boolean admitted) {
        this.failures = failures;
        this.account = account;
        this.client = client;
        this.admitted = admitted;
    }

    /** The password was checked: {@code accepted} or refused. */
    public void checked(boolean accepted) {
        if (!told.compareAndSet(false, true)) {
            return;
        }
        try {
            if (admitted) {
                failures.admitted(account, client, accepted);
            } else if (accepted) {
                failures.succeeded(account);
            } else {
                failures.failed(account, client);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A login''s outcome could not be counted [{0}]", e.toString());
        }
    }

    /** No password was checked after all: what was counted in advance is given back, nothing else counted. */
    public void unchecked() {
        if (admitted) {
            checked(true);
        } else {
            told.set(true);
        }
    }

    /** The door's call: {@code TRUE} accepted, {@code FALSE} refused, {@code null} ignored. */
    @Override
    public void accept(Boolean accepted) {
        if (accepted != null) {
            checked(accepted);
        }
    }

    @Override
    public String toString() {
        return "LoginOutcome[" + (admitted ? "admitted" : "verified") + (told.get() ? ", told" : "") + "]";
    }
}
