package com.playtcha.jakarta.internal.ledger.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The database's words without credentials, in the forms drivers and pools use. */
class RedactionTest {

    @Test
    void dbcpsMessage_keepsTheHostAndDatabase_masksTheUserAndPassword() {
        assertEquals("Cannot create JDBC driver of class 'org.postgresql.Driver' for connect URL "
                + "'jdbc:postgresql://127.0.0.1:5432/app?user=****&password=****'",
                Redaction.clean("Cannot create JDBC driver of class 'org.postgresql.Driver' for connect URL "
                        + "'jdbc:postgresql://127.0.0.1:5432/app?user=app&password=hunter2'"));
    }

    @Test
    void aUrlsUserInformation_isMasked() {
        assertEquals("jdbc:postgresql://****@db.internal:5432/app?sslmode=require",
                Redaction.clean("jdbc:postgresql://app:hunter2@db.internal:5432/app?sslmode=require"));
        assertEquals("could not connect to postgresql://****@db/app", Redaction.clean("could not connect to postgresql://app:p@ss:w0rd@db/app"));
        assertEquals("jdbc:oracle:thin:****@db:1521/orcl", Redaction.clean("jdbc:oracle:thin:scott/tiger@db:1521/orcl"));
    }

    @Test
    void credentialParameters_areMasked_inQueriesPropertiesAndProse() {
        assertEquals("jdbc:sqlserver://db:1433;databaseName=app;user=****;password=****;encrypt=true",
                Redaction.clean("jdbc:sqlserver://db:1433;databaseName=app;user=sa;password={se;cret};encrypt=true"));
        assertEquals("jdbc:mysql://db/app?useSSL=true&PWD=****&sslPassword=****&clientCertificateKey=****",
                Redaction.clean("jdbc:mysql://db/app?useSSL=true&PWD=x1&sslPassword=x2&clientCertificateKey=x3"));
        assertEquals("connection refused, password: ****, secret = ****", Redaction.clean("connection refused, password: hunter2, secret = 's p'"));
        assertEquals("(user=****, password=****)", Redaction.clean("(user=app, password=hunter2)"));
    }

    @Test
    void postgresqlsOwnWords_areLeftAsTheySay() {
        String words = "ERROR: permission denied for table playtcha_ledger";
        assertEquals(words, Redaction.clean(words));
        String duplicate = "ERROR: duplicate key value violates unique constraint \"playtcha_ledger_pkey\"  Detail: Key (id)=(42) already exists.";
        assertEquals(duplicate, Redaction.clean(duplicate));
        String login = "FATAL: password authentication failed for user \"app\"";
        assertEquals(login, Redaction.clean(login));
        String refused = "Connection to 127.0.0.1:5432 refused. Check that the hostname and port are correct";
        assertEquals(refused, Redaction.clean(refused));
        assertNull(Redaction.clean(null));
    }
}
