package com.playtcha.jakarta.spi.store;

/**
 * SPI: what the application's framework calls the resources the settings name by name (the
 * {@code DataSource} of {@code playtcha.ledger.datasource}), for a framework with neither JNDI nor CDI: the
 * Spring Boot starter answers with the bean of that name. Handed by whatever holds a verifier
 * ({@link com.playtcha.jakarta.spi.VerifierFactory}) to the cluster module, which asks it before JNDI and CDI.
 */
public interface Resources {

    /** No resources of the framework's own: JNDI and CDI alone name them. */
    Resources NONE = name -> null;

    /** The resource {@code name} stands for, or {@code null} when the framework has none of that name. */
    Object named(String name);
}
