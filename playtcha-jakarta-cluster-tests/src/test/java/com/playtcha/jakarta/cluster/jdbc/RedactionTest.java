package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The database's words without credentials, in the forms drivers and pools use, whatever the password holds. */
class RedactionTest {

    /** Where a password can stand in a database's words: the text around it, and how it is written there. */
    private record Form(String name, String before, Function<String, String> written, String after) {
        String around(String password) {
            return before + written.apply(password) + after;
        }
    }

    private static final String DBCP = "Cannot create JDBC driver of class 'org.postgresql.Driver' for connect URL ";
    private static final List<Form> FORMS = List.of(
            new Form("query, last", DBCP + "'jdbc:postgresql://127.0.0.1:5432/app?user=app&password=", p -> p, "'"),
            new Form("query, then more", DBCP + "'jdbc:postgresql://127.0.0.1:5432/app?password=", p -> p, "&sslmode=require'"),
            new Form("query, form-encoded", "jdbc:postgresql://db/app?user=app&password=", RedactionTest::formEncoded, "&ssl=true"),
            new Form("query, %20-encoded", "jdbc:postgresql://db/app?password=",
                    p -> formEncoded(p).replace("+", "%20"), "&ssl=true"),
            new Form("user information", "could not connect to jdbc:postgresql://app:", p -> p, "@db.internal:5432/app?sslmode=require"),
            new Form("user information, encoded", "jdbc:postgresql://app:", RedactionTest::formEncoded, "@db:5432/app"),
            new Form("property list", "jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=", p -> p, ";encrypt=true"),
            new Form("property list, braced", "jdbc:sqlserver://db:1433;user=sa;password={", p -> p.replace("}", "}}"), "};encrypt=true"),
            new Form("Properties", "connect failed for {user=app, password=", p -> p, ", ssl=true}"),
            new Form("prose", "connection refused, password: ", p -> p, ", retrying"),
            new Form("Oracle", "jdbc:oracle:thin:scott/", p -> p, "@db:1521/orcl"),
            new Form("MySQL", "jdbc:mysql://db/app?useSSL=true&PWD=", p -> p, "&sslMode=REQUIRED"),
            new Form("user information, no scheme", "FATAL: connection to app:", p -> p, "@db.internal:5432/app failed"),
            new Form("pass=", "connect failed for {user=app, pass=", p -> p, ", ssl=true}"),
            new Form("pw:", "connection refused, pw: ", p -> p, ", retrying"),
            new Form("name=value, percent-encoded", "redirect to /connect?url=jdbc%3Apostgresql%3A%2F%2Fdb%2Fapp%3Fpassword%3D",
                    RedactionTest::formEncoded, "%26ssl%3Dtrue"));
    private static final char[] NON_ASCII = {'é', 'ß', 'ü', '€', 'Ω', '中', 'ñ', '\u00a0'};

    @Test
    void dbcpsMessage_keepsTheHostAndDatabase_masksTheUserAndPassword() {
        assertEquals("Cannot create JDBC driver of class 'org.postgresql.Driver' for connect URL "
                + "'jdbc:postgresql://127.0.0.1:5432/app?user=****&password=****",
                Redaction.PATTERNS.clean("Cannot create JDBC driver of class 'org.postgresql.Driver' for connect URL "
                        + "'jdbc:postgresql://127.0.0.1:5432/app?user=app&password=hunter2'"));
    }

    @Test
    void aUrlsUserInformation_isMasked() {
        assertEquals("jdbc:postgresql://****@db.internal:5432/app?sslmode=require",
                Redaction.PATTERNS.clean("jdbc:postgresql://app:hunter2@db.internal:5432/app?sslmode=require"));
        assertEquals("could not connect to postgresql://****@db/app", Redaction.PATTERNS.clean("could not connect to postgresql://app:p@ss:w0rd@db/app"));
        assertEquals("jdbc:oracle:thin:****@db:1521/orcl", Redaction.PATTERNS.clean("jdbc:oracle:thin:scott/tiger@db:1521/orcl"));
    }

    @Test
    void aUserInformationWithASpaceQuoteOrSlash_isMaskedWhole() {
        for (String password : List.of("hu nter2", "hu'nter2", "hu\"nter2", "hu/nter2", "a b/c'd\"e@f")) {
            String said = Redaction.PATTERNS.clean("could not connect to 'jdbc:postgresql://app:" + password + "@db:5432/app'");
            assertEquals("could not connect to 'jdbc:postgresql://****@db:5432/app'", said, password);
        }
    }

    @Test
    void credentialParameters_areMasked_inQueriesPropertiesAndProse() {
        assertEquals("jdbc:sqlserver://db:1433;databaseName=app;user=****;password=****",
                Redaction.PATTERNS.clean("jdbc:sqlserver://db:1433;databaseName=app;user=sa;password={se;cret};encrypt=true"));
        assertEquals("jdbc:mysql://db/app?useSSL=true&PWD=****",
                Redaction.PATTERNS.clean("jdbc:mysql://db/app?useSSL=true&PWD=x1&sslPassword=x2&clientCertificateKey=x3"));
        assertEquals("connection refused, password: ****", Redaction.PATTERNS.clean("connection refused, password: hunter2, secret = 's p'"));
        assertEquals("(user=****, password=****", Redaction.PATTERNS.clean("(user=app, password=hunter2)"));
        assertEquals("{\"user\":\"app\", \"password\":****", Redaction.PATTERNS.clean("{\"user\":\"app\", \"password\":\"hunter2\"}"));
    }

    /** Each character that showed a password's tail (issue 37): in every form, known to the pool or not. */
    @ParameterizedTest
    @ValueSource(strings = {",", ")", ";", "'", "\"", "&", " "})
    void aPasswordHoldingASeparator_isMaskedWhole(String separator) {
        String password = "hunt" + separator + "er2tail";
        for (Form form : FORMS) {
            for (Redaction redaction : List.of(Redaction.PATTERNS, Redaction.knowing(List.of(password)))) {
                String said = redaction.clean(form.around(password));
                assertFalse(said.contains("er2tail") || said.contains("hunt"), form.name() + ": " + said);
            }
        }
    }

    @Test
    void aKnownPassword_isMaskedWhereItStands_andTheRestOfTheUrlStays() {
        String password = "p&ss=w;rd'\" )x";
        Redaction redaction = Redaction.knowing(List.of(password));
        assertEquals(DBCP + "'jdbc:postgresql://127.0.0.1:5432/app?password=****&sslmode=require'",
                redaction.clean(FORMS.get(1).around(password)));
        assertEquals("jdbc:postgresql://db/app?user=****&password=****&ssl=true", redaction.clean(FORMS.get(2).around(password)));
        assertEquals("connect failed for {user=****, password=****, ssl=true}", redaction.clean(FORMS.get(8).around(password)));
        assertEquals("the pool said ****, twice: ****", redaction.clean("the pool said " + password + ", twice: " + password));
    }

    /**
     * Thousands of random passwords, of every printable ASCII character and some others, in every
     * form: neither the password nor any 4 characters of it that the text around it lacks is left,
     * whether the pool told its password or not.
     */
    @Test
    void randomPasswords_leaveNoFourCharactersOfThemselves_inAnyForm() {
        Random random = new Random(37);
        for (int n = 0; n < 3_000; n++) {
            String password = randomPassword(random);
            List<Redaction> redactions = List.of(Redaction.PATTERNS, Redaction.knowing(List.of(password)));
            for (Form form : FORMS) {
                String text = form.around(password);
                String around = form.before() + " " + form.after();
                for (Redaction redaction : redactions) {
                    String said = redaction.clean(text);
                    String leaked = leak(password, said, around);
                    if (leaked != null) {
                        fail(form.name() + (redaction == Redaction.PATTERNS ? ", by pattern" : ", known")
                                + ": '" + leaked + "' of password '" + password + "' left in: " + said);
                    }
                }
            }
        }
    }

    /** Issue 49: a line break ended what the patterns masked, and the password's tail was shown on the next line. */
    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void aPasswordHoldingALineBreak_isMaskedWhole_byThePatterns(String lineBreak) {
        String password = "hunt" + lineBreak + "er2tail";
        for (Form form : FORMS) {
            String said = Redaction.PATTERNS.clean(form.around(password));
            assertFalse(said.contains("er2tail") || said.contains("hunt"), form.name() + ": " + said);
        }
    }

    @Test
    void postgresqlsOwnWords_areLeftAsTheySay() {
        String words = "ERROR: permission denied for table playtcha_ledger";
        assertEquals(words, Redaction.PATTERNS.clean(words));
        String duplicate = "ERROR: duplicate key value violates unique constraint \"playtcha_ledger_pkey\"  Detail: Key (id)=(42) already exists.";
        assertEquals(duplicate, Redaction.PATTERNS.clean(duplicate));
        String login = "FATAL: password authentication failed for user \"app\"";
        assertEquals(login, Redaction.PATTERNS.clean(login));
        String refused = "Connection to 127.0.0.1:5432 refused. Check that the hostname and port are correct";
        assertEquals(refused, Redaction.PATTERNS.clean(refused));
        assertNull(Redaction.PATTERNS.clean(null));
    }

    /** What a real pool says of itself: Hikari's getters give the password, the URL's and the driver's properties. */
    @Test
    void aHikariPool_tellsItsSecrets_andTheyAreMaskedInWhatItSays() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:nosuchdriver://db:5432/app?user=app&password=url%20pa%26ss&sslmode=require");
        config.setPassword("conf,ig)pass;word");
        config.addDataSourceProperty("sslpassword", "key'store\"pass");
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(config.getJdbcUrl());
        pool.setPassword(config.getPassword());
        pool.setDataSourceProperties(config.getDataSourceProperties());
        try (pool) {
            Redaction redaction = Redaction.of(pool);
            String said = redaction.clean("url " + config.getJdbcUrl() + " decoded url pa&ss, configured conf,ig)pass;word "
                    + "and encoded conf%2Cig%29pass%3bword, property key'store\"pass.");
            assertEquals("url jdbc:nosuchdriver://db:5432/app?user=****&password=****&sslmode=require decoded ****, "
                    + "configured **** and encoded ****, property ****.", said);

            PlaytchaSettings.Ledger settings = PlaytchaSettings.builder("sk_test_redaction").ledgerDataSource("jdbc/hikari").build().ledger();
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> JdbcStore.open(pool, "jdbc/hikari", settings, VerifierClock.SYSTEM, "playtcha-ledger"));
            assertTrue(e.getMessage().contains("jdbc:nosuchdriver://db:5432/app"), e.getMessage());
            assertFalse(e.getMessage().contains("pa%26ss") || e.getMessage().contains("url%20"), e.getMessage());
        }
    }

    private static String randomPassword(Random random) {
        int length = 4 + random.nextInt(21);
        StringBuilder password = new StringBuilder(length);
        while (password.length() < length) {
            int kind = random.nextInt(20);
            password.append(kind == 0 ? '\n' : kind < 3 ? NON_ASCII[random.nextInt(NON_ASCII.length)] : (char) (0x20 + random.nextInt(0x5f)));
        }
        return password.toString();
    }

    /**
     * The password, or a run of 4 of its characters, that {@code said} shows between its masks and
     * {@code around} does not; else {@code null}.
     */
    private static String leak(String password, String said, String around) {
        List<String> shown = List.of(said.split(java.util.regex.Pattern.quote(Redaction.MASK)));
        if (shown.stream().anyMatch(s -> s.contains(password)) && !around.contains(password)) {
            return password;
        }
        for (int from = 0; from + 4 <= password.length(); from++) {
            String four = password.substring(from, from + 4);
            if (shown.stream().anyMatch(s -> s.contains(four)) && !around.contains(four)) {
                return four;
            }
        }
        return null;
    }

    private static String formEncoded(String password) {
        return URLEncoder.encode(password, StandardCharsets.UTF_8);
    }
}
