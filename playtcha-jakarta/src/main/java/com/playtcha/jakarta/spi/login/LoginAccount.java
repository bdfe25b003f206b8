package com.playtcha.jakarta.spi.login;

import com.playtcha.jakarta.spi.store.AccountKey;
import java.util.Objects;

/**
 * SPI: the account a login attempt names, as a login door read it and hands it to the {@link LoginPolicy}:
 * {@link Named} (the name the realm or store will check), {@link Unnamed#NONE} (the attempt names no
 * account: a FORM post without its name field) or {@link Unnamed#UNREADABLE} (the door cannot tell which
 * account the check is about: several names, a body it cannot parse, a credential or principal of a type
 * that names none, a name that folds to nothing). An unreadable account needs a token whatever the counts
 * say, and its failures count against its client and the application only. A state, not a sentinel name:
 * no account name, however spelt, is taken for one the guard cannot read.
 *
 * <pre>{@code
 * LoginAccount account = LoginAccount.named(request.getParameter("j_username")); // NONE for null
 * }</pre>
 */
public sealed interface LoginAccount {

    /**
     * {@code name} as a {@link Named} account; {@link Unnamed#NONE} for {@code null}; unreadable when over
     * {@link AccountKey#MAX_NAME_LENGTH}, or when it folds to nothing though it is not blank
     * ({@link AccountKey#foldsToNothing}: a zero-width space, which a store may well take for another name).
     */
    static LoginAccount named(String name) {
        if (name == null) {
            return Unnamed.NONE;
        }
        return name.length() > AccountKey.MAX_NAME_LENGTH || AccountKey.foldsToNothing(name) ? Unnamed.UNREADABLE : new Named(name);
    }

    /** The account name the check is about, as sent (the policy folds it when it counts). */
    record Named(String name) implements LoginAccount {
        public Named {
            Objects.requireNonNull(name, "name");
        }
    }

    /** An attempt that names no account ({@link #NONE}), or one whose account the door cannot read ({@link #UNREADABLE}). */
    enum Unnamed implements LoginAccount {
        NONE, UNREADABLE
    }
}
