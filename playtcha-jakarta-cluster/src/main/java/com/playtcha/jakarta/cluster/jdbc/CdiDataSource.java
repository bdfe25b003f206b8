package com.playtcha.jakarta.cluster.jdbc;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import jakarta.enterprise.inject.spi.CDI;
import javax.sql.DataSource;

/** The CDI half of {@link DataSourceLookup}: loaded only when the CDI API is on the class path. */
final class CdiDataSource {

    private CdiDataSource() {
    }

    /** The application's {@code @Named(name) DataSource} bean, or {@code null} when there is no CDI container or no such bean. */
    static DataSource named(String name) {
        try {
            Instance<DataSource> beans = CDI.current().select(DataSource.class, NamedLiteral.of(name));
            return beans.isResolvable() ? beans.get() : null;
        } catch (IllegalStateException e) {
            return null; // no CDI container here
        }
    }
}
