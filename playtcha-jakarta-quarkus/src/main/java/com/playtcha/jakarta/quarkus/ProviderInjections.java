package com.playtcha.jakarta.quarkus;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;
import java.util.List;

/**
 * What {@link GuardBuildCheck} found when the application was built: each injection point of a concrete identity
 * provider, described with what to do, for {@link GuardStartCheck} to refuse at the start when the build could not
 * (the login policy set only then, from the environment). A synthetic bean, the build's one way to hand a value to
 * the running application.
 */
record ProviderInjections(List<String> problems) {

    /** The parameter of the synthetic bean that holds {@link #problems()}. */
    static final String PROBLEMS = "problems";

    /** Builds the bean from the build's parameters; ArC calls it. */
    public static final class Creator implements SyntheticBeanCreator<ProviderInjections> {

        @Override
        public ProviderInjections create(Instance<Object> lookup, Parameters params) {
            return new ProviderInjections(List.of(params.get(PROBLEMS, String[].class, new String[0])));
        }
    }
}
