package com.playtcha.examples.quarkus.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What {@link JudgedChecks} saw, for the tests to read: a bean of its own, because a test that injected the provider
 * itself would hold a provider it could call around the guard, which the build refuses under the login policy.
 */
@ApplicationScoped
public class JudgedLog {

    /** A check that reached the providers: its account and whether it was asked on a Vert.x event loop. */
    public record Judged(String account, boolean eventLoop, String thread) {
    }

    private final List<Judged> judged = new CopyOnWriteArrayList<>();

    void add(Judged check) {
        judged.add(check);
    }

    /** How many checks of {@code account} reached the providers. */
    public long of(String account) {
        return judged.stream().filter(j -> j.account().equals(account)).count();
    }

    public List<Judged> all() {
        return List.copyOf(judged);
    }
}
