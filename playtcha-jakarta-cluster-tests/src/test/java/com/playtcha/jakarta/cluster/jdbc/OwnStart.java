package com.playtcha.jakarta.cluster.jdbc;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store name of its own for each node a test makes, so that each node's start is its own.
 *
 * <p>A start's one bound ({@code counts.StartWindow}, {@code playtcha.cluster.start-timeout}) is one per store name
 * and class loader: the parts of one application's start share it. The nodes of these tests stand for servers of
 * their own, but run in one JVM: under one name, a node made within the bound of another node's start (the test
 * before, in the same Surefire JVM) joined that start with what was left of it, and after a start that missed its
 * bound (as {@code DatabaseStartTest}'s does on purpose) every node made for as long again waited for nothing and
 * started "slow", its logins needing a token. Beside four busy loops and a second build (load 25), three classes of
 * login counts went red that way. The name still begins with the test's, which the messages asserted on show.
 */
final class OwnStart {

    private static final AtomicInteger MADE = new AtomicInteger();

    private OwnStart() {
    }

    /** {@code name} and a number no other node of this JVM has. */
    static String of(String name) {
        return name + "#" + MADE.incrementAndGet();
    }
}
