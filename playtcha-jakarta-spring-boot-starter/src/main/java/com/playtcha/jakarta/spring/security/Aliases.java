package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.store.AccountKey;
import java.util.Arrays;

/**
 * One account however it is spelt, the rule of both stacks (issue 84): a user store that takes {@code bob} and
 * {@code bob@example.com} for one account returns the same user for both, so under {@code after-failures} a check
 * counted on the name typed is counted on the account the store returned as well, asked as a check with no request is
 * ({@code WebLogin.decideOutside}: counted in advance on that account alone, the client counted once already); a check
 * that went on without a token and finds that account at its limit is refused there, before the password is compared.
 * Two spellings the counts key as one account (a case fold) are no alias. design/login-guard.md, 17.
 *
 * <p>Internal to the starter, not an API: public so that both guards count aliases by this one rule.
 */
public final class Aliases {

    private final AccountKey accounts;
    private final boolean afterFailures;

    /** The rule under {@code settings}: its secret and name folding key the accounts, its mode says whether to count. */
    public Aliases(PlaytchaSettings settings) {
        this.accounts = AccountKey.of(settings.secret(), settings.login().foldNames());
        this.afterFailures = settings.login().afterFailures();
    }

    /** Whether {@code stored}, the name the store returned for a check on {@code typed}, is another account to count. */
    public boolean another(LoginAccount.Named typed, String stored) {
        return afterFailures && stored != null && !stored.equals(typed.name())
                && LoginAccount.named(stored) instanceof LoginAccount.Named
                && !Arrays.equals(accounts.hash(typed.name()), accounts.hash(stored));
    }
}
