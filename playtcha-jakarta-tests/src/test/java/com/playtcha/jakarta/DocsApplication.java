package com.playtcha.jakarta;

/**
 * The application's own objects that the docs' snippets use without declaring them
 * ({@code signups.flagByLedgerId(...)}, {@code jdbc.update(...)}): {@link DocsSnippetsTest}
 * imports these fields statically into the snippets, so that they compile as written, and sets
 * them to what it checks. Public, because the snippets are compiled into a package of their own.
 */
public final class DocsApplication {

    /** docs/outages-and-ledger.md's store of sign-ups. */
    public interface Signups {
        void flagByLedgerId(String ledgerId);
    }

    /** docs/outages-and-ledger.md's {@code jdbc}: a statement with its parameters, as JDBC helpers take them. */
    public interface Jdbc {
        int update(String sql, Object... parameters);
    }

    public static volatile Signups signups;
    public static volatile Jdbc jdbc;

    private DocsApplication() {
    }
}
