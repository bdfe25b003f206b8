package com.playtcha.jakarta.spi.login;

import com.playtcha.jakarta.spi.store.AccountKey;
import java.util.Objects;

/**
 * SPI: the account a login attempt names, as a login door read it and hands it to the {@link LoginPolicy}: {@link Named}
 * (the name the realm or store will check), {@link Unnamed#NONE} (no name before any credential is read: a FORM post
 * without its name field, whose container checks no password) or {@link Unnamed#UNREADABLE} (the door cannot tell which
 * account the check is about: several names, a body it cannot parse, a credential or principal of a type that names
 * none, a null, empty or blank name, one that folds to nothing). An unreadable account needs a token whatever the counts
 * say, its failures counting on its client and the application only. A state, not a sentinel name.
 *
 * <pre>{@code
 * LoginAccount account = LoginAccount.named(credential.getCaller()); // UNREADABLE for null, "" or "  "
 * }</pre>
 */
public sealed interface LoginAccount {

    /**
     * {@code name} as a {@link Named} account, or {@link Unnamed#UNREADABLE} (every door's one rule) when it is
     * {@link AccountKey#blank} (which account a realm looks up then is not known), over {@link AccountKey#MAX_NAME_LENGTH},
     * or folds to nothing ({@link AccountKey#foldsToNothing}: a zero-width space, which a store may take for another name).
     */
    static LoginAccount named(String name) {
        boolean unreadable = AccountKey.blank(name) || name.length() > AccountKey.MAX_NAME_LENGTH || AccountKey.foldsToNothing(name);
        return unreadable ? Unnamed.UNREADABLE : new Named(name);
    }

    /** The account name the check is about, as sent (the policy folds it when it counts). */
    record Named(String name) implements LoginAccount {
        public Named {
            Objects.requireNonNull(name, "name");
        }
    }

    /** No account named before any credential is read ({@link #NONE}), or one the door cannot read ({@link #UNREADABLE}). */
    enum Unnamed implements LoginAccount { NONE, UNREADABLE }
}
