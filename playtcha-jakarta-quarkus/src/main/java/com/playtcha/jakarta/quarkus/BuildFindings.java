package com.playtcha.jakarta.quarkus;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;
import java.util.List;

/**
 * What {@link GuardBuildCheck} found when the application was built, for {@link GuardStartCheck} to refuse at the start
 * when the build could not (the login policy set only then, from the environment): each way the application's code
 * holds an identity provider it can call past the guard, described with what to do ({@link #problems()}), and the
 * application's classes that implement {@code HttpAuthenticationMechanism} ({@link #mechanisms()}: beans or not, such
 * as one handed to the programmatic {@code HttpSecurity} API), which the start refuses unless acknowledged. A synthetic
 * bean, the build's one way to hand a value to the running application.
 */
record BuildFindings(List<String> problems, List<String> mechanisms) {

    /** The parameter of the synthetic bean that holds {@link #problems()}. */
    static final String PROBLEMS = "problems";
    /** The parameter of the synthetic bean that holds {@link #mechanisms()}. */
    static final String MECHANISMS = "mechanisms";

    /** Builds the bean from the build's parameters; ArC calls it. */
    public static final class Creator implements SyntheticBeanCreator<BuildFindings> {

        @Override
        public BuildFindings create(Instance<Object> lookup, Parameters params) {
            return new BuildFindings(List.of(params.get(PROBLEMS, String[].class, new String[0])),
                    List.of(params.get(MECHANISMS, String[].class, new String[0])));
        }
    }
}
