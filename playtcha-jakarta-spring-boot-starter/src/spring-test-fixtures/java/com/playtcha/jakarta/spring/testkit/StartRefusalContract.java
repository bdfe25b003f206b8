package com.playtcha.jakarta.spring.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Where the login guard cannot reach a password check, the application does not start, and the failure names what it
 * could not reach and the way out: the servlet and the reactive stacks alike. A test extends this class for its stack
 * and gives it the applications that must not start; {@link #failedStart} starts one on the run's simulator under
 * {@code playtcha.login.require=always}, and answers every message of the failure and its causes, for the test to look
 * for the names in. What one stack refuses beyond these stays in its test.
 */
@WithSimulator
public abstract class StartRefusalContract {

    /** The stack the applications run on: {@code SERVLET} or {@code REACTIVE}. */
    protected abstract WebApplicationType stack();

    /** An application whose password-checking manager bean {@code finalLogins} is declared as its final class. */
    protected abstract Class<?> finalManagerBean();

    /** No subclass can hold a final class, so nothing can guard it (issue 70, item 3: on 1cde289e the bean was returned raw). */
    @Test
    void aManagerBeanDeclaredAsAFinalClass_failsTheStart_namingIt() {
        String failed = failedStart(finalManagerBean());

        assertTrue(failed.contains("bean 'finalLogins'"), failed);
        assertTrue(failed.contains("final"), failed);
    }

    /** Starts {@code source}, which must fail; every message of the failure, one a line. */
    protected final String failedStart(Class<?> source) {
        Throwable failed = assertThrows(RuntimeException.class, () -> new SpringApplicationBuilder(source).web(stack())
                .properties("server.port=0", "playtcha.login.require=always", "playtcha.secret=" + SpringSimulator.simulator().secret(),
                        "playtcha.api-url=" + SpringSimulator.simulator().url()).run().close());
        StringBuilder all = new StringBuilder();
        for (Throwable t = failed; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
