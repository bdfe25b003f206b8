package com.playtcha.jakarta.spi.login;

import com.playtcha.jakarta.spi.store.AccountKey;
import com.playtcha.jakarta.spi.store.LoginFailures;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * SPI: what the login checks of one request have settled so far, kept by the door that loops over them
 * ({@code WebLogin} keeps one in a request attribute) and handed to each of the request's
 * {@link LoginPolicy} decisions: the attempts that went on, so that several guards of one post share one
 * attempt ({@link LoginPolicy#decide}) and those that named no account are given back when one that
 * names it comes; and the one credential the request's verified token covers ({@link #checking}). One
 * per request, used by the thread that handles it; its {@code toString} names no account.
 */
public final class LoginMemo {

    private final List<Counted> counted = new ArrayList<>();
    /** The one credential the request's verified token covers; {@code null} before a token was verified. */
    private Credential covered;

    /**
     * The credential of a check, as the token a request's check verified covers it: its account and a keyed
     * digest of its password ({@code null}: unknown to the door), under a key made at random for this JVM,
     * never the password itself, never shown. {@code provisional}: decided from the request before any
     * credential was read (a mechanism's call, a FORM post's doors), which the first check that reads one
     * takes over.
     */
    record Credential(LoginAccount account, byte[] digest, boolean provisional) {
        /** The check of {@code account} with {@code password} ({@code null}: one the door cannot read). */
        static Credential of(LoginAccount account, CharSequence password) {
            return new Credential(account, password == null ? null : digest(password), false);
        }

        private static byte[] digest(CharSequence password) {
            ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            byte[] bytes = new byte[utf8.remaining()];
            utf8.get(bytes);
            return AccountKey.hashForThisJvm(bytes);
        }

        @Override
        public String toString() {
            return "Credential[" + account + "]";
        }
    }

    /** An attempt of this request that went on: its counts, its account's hash ({@code null}: none named), what it was found. */
    private record Counted(LoginFailures failures, byte[] account, LoginAttempt attempt) {
    }

    /**
     * Tells that the check of {@code account} with {@code password} is the one an attempt this request
     * decided before reading the credential stands for: the request's token covers that credential from
     * now on, no other.
     */
    public void checking(LoginAccount account, CharSequence password) {
        if (covered != null && covered.provisional()) {
            covered = Credential.of(account, password);
        }
    }

    /** The request's token was verified now: it covers {@code check}'s credential from now on. */
    void verified(Credential check) {
        covered = check;
    }

    /**
     * Whether the token verified on the request covers {@code check}: the first credential read with it (a
     * provisional claim, made before any was read, is taken over by the first check that reads one; a claim
     * whose password the door could not read, by the first check of its account, or of any account when it
     * named none, that reads the password: a mechanism that hands the store its own credential), a later
     * check of the same account and password, or a provisional check on the same account.
     */
    boolean covers(Credential check) {
        if (covered == null || covered.provisional() && !check.provisional()
                || covered.digest() == null && check.digest() != null
                && (!(covered.account() instanceof LoginAccount.Named) || covered.account().equals(check.account()))) {
            covered = check;
            return true;
        }
        if (!covered.account().equals(check.account())) {
            return covered.provisional(); // two decisions from the request before any credential was read
        }
        return check.provisional() || check.digest() != null && covered.digest() != null
                && MessageDigest.isEqual(covered.digest(), check.digest());
    }

    /** Keeps {@code attempt} on {@code counts} for the other doors that decide this request's one password check. */
    LoginAttempt remember(LoginFailures counts, byte[] hash, LoginAttempt attempt) {
        if (attempt.outcome() != null) {
            counted.add(new Counted(counts, hash, attempt));
        }
        return attempt;
    }

    /**
     * The attempt this request already went on with for this account on {@code counts}, or {@code null}; for
     * a named account, the attempts for no account on these counts are first given back what they counted.
     */
    LoginAttempt sameAttempt(LoginFailures counts, byte[] hash) {
        for (Counted before : counted) {
            if (before.failures() == counts && Arrays.equals(before.account(), hash)) {
                return before.attempt();
            }
        }
        for (Iterator<Counted> it = counted.iterator(); hash != null && it.hasNext();) {
            Counted before = it.next();
            if (before.failures() == counts && before.account() == null) {
                before.attempt().outcome().unchecked();
                it.remove();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "LoginMemo[attempts=" + counted.size() + ", covered=" + (covered != null) + "]";
    }
}
