package com.playtcha.jakarta.cluster.jdbc;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.spi.store.Resources;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Finds the {@code DataSource} that {@code playtcha.ledger.datasource} names: first among the
 * framework's own {@link Resources} (the Spring Boot starter's beans), then in JNDI
 * ({@code java:comp/DefaultDataSource}, {@code java:comp/env/jdbc/ledger}, ...), then, in a CDI
 * application, as the bean of type {@code DataSource} with that {@code @Named} name (a producer
 * method of the application). CDI is optional: without its API on the class path only JNDI is asked.
 */
final class DataSourceLookup {

    private DataSourceLookup() {
    }

    /** @throws InvalidSettingException naming the key when nothing, or no {@code DataSource}, has that name */
    static DataSource find(String name, Resources resources) {
        Object found = resources.named(name);
        String jndi = null;
        if (found == null) {
            try {
                found = new InitialContext().lookup(name);
            } catch (NamingException | RuntimeException e) {
                jndi = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + Redaction.PATTERNS.message(e));
            }
        }
        if (found == null) {
            found = cdiBean(name);
        }
        if (found instanceof DataSource dataSource) {
            return dataSource;
        }
        String what = found == null ? "nothing: JNDI says " + jndi + ", and there is no CDI bean @Named(\"" + name
                + "\") of type DataSource" : "a " + found.getClass().getName() + ", not a javax.sql.DataSource";
        throw new InvalidSettingException(Setting.LEDGER_DATASOURCE, "must be the JNDI name of a DataSource, like "
                + "java:comp/DefaultDataSource or java:comp/env/jdbc/ledger (or a CDI DataSource's @Named name); '"
                + name + "' names " + what);
    }

    private static Object cdiBean(String name) {
        try {
            Class.forName("jakarta.enterprise.inject.spi.CDI", false, DataSourceLookup.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        return CdiDataSource.named(name);
    }
}
