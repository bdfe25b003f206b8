package com.playtcha.jakarta.cluster.jcache;

import com.playtcha.jakarta.cluster.counts.StartWindow;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A cache's budgets or counts opened on a daemon thread of their own, which the node's start waits for
 * at most until the deadline of its one bound ({@code counts.StartWindow}, {@code playtcha.cluster.start-timeout}):
 * the counts' cache and the budgets' share it, so the second waits only for what is left, and for nothing
 * once the first got no answer. A provider that fails by then fails the start with its cause; one that
 * has not answered by then (a Hazelcast client whose cluster is not there retries for good by default)
 * leaves the node on its own buckets and counts ({@code budgets_local}, one WARNING), as a store that is
 * down does, and the node shares through the cache as soon as the provider gives it (one INFO). A
 * provider that fails after the deadline leaves the node on its own until it restarts (one WARNING with
 * the cause). Closed while the provider is still waited for, the wait is interrupted: nothing tries on
 * after the application stopped.
 *
 * <p>Why not fail the start: a cluster's cache is a part of the cluster like its database, and the
 * contract's rule for a part that cannot be had is the node's own state, said so, not a node that
 * does not serve; a start that waits for the cache without end (as it did) serves nobody. Why not wait
 * longer: a load balancer's health check and a container's start-up probe give up within seconds.
 *
 * @param <T> the budgets or the counts
 */
final class Opening<T> {

    private static final System.Logger LOG = System.getLogger(CacheBuckets.class.getName());

    private final CompletableFuture<T> opened = new CompletableFuture<>();
    private final Consumer<T> close;
    private final String what;
    private final LocalFault away;
    private final Thread opener;
    private volatile boolean closed;

    private Opening(Supplier<T> open, Consumer<T> close, String what, String where, VerifierClock clock, String thread) {
        this.close = close;
        this.what = what;
        this.away = new LocalFault(LocalFault.BUDGETS_LOCAL, clock.instant(), "the " + what + " in the " + where
                + " are not open yet (the JCache provider has not given the cache): this node keeps its own until it does");
        opener = new Thread(() -> {
            try {
                T store = open.get();
                opened.complete(store);
                if (closed) {
                    close.accept(store);
                }
            } catch (RuntimeException | Error e) {
                opened.completeExceptionally(e);
            }
        }, thread);
        opener.setDaemon(true);
        opener.setContextClassLoader(Opening.class.getClassLoader()); // a provider looks its configuration up there
        opener.start();
    }

    /**
     * Opens on a thread of its own and waits at most what is left of the start's bound: the store, or
     * {@code null} while it is not open then (said once); a failure by then is thrown, as the provider threw it.
     */
    private static <T> Opening<T> start(Supplier<T> open, Consumer<T> close, String what, String where, StartWindow start,
            VerifierClock clock, String thread) {
        Opening<T> opening = new Opening<>(open, close, what, where, clock, thread);
        try {
            opening.opened.get(start.left().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) e.getCause(); // open throws nothing else
        } catch (TimeoutException e) {
            start.missed();
            LOG.log(Level.WARNING, "{0} are this node''s own until the cache is open [store={1}, cause=no answer from the JCache provider "
                    + "within playtcha.cluster.start-timeout ({2} ms) of the start]", capitalised(what), where, start.bound().toMillis());
            opening.opened.whenComplete((store, failure) -> opening.late(where, failure));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opening.opened.whenComplete((store, failure) -> opening.late(where, failure));
        }
        return opening;
    }

    private void late(String where, Throwable failure) {
        if (closed) {
            return; // given up at the close: nothing to tell
        }
        if (failure == null) {
            LOG.log(Level.INFO, "{0} are shared again [store={1}]", capitalised(what), where);
        } else {
            LOG.log(Level.WARNING, capitalised(what) + " stay this node's own: the cache could not be opened [store=" + where
                    + ", cause=" + failure + "]", failure);
        }
    }

    private static String capitalised(String what) {
        return Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }

    /** The store once open, else {@code null}. */
    private T now() {
        return opened.isDone() && !opened.isCompletedExceptionally() ? opened.join() : null;
    }

    /**
     * Closes the store once open; while the provider is still being waited for, interrupts the wait, which a provider
     * trying for good (Hazelcast's client) ends: else it would go on after the application stopped, its classes kept.
     */
    private void close() {
        closed = true;
        T store = now();
        if (store != null) {
            close.accept(store);
        } else if (!opened.isDone()) {
            opener.interrupt();
        }
    }

    /** The client budgets: the node's own until the cache's are open, those then. */
    static Budgets budgets(Supplier<Budgets> open, Budgets local, String where, StartWindow start, VerifierClock clock, String thread) {
        Opening<Budgets> opening = start(open, Budgets::close, "client budgets", where, start, clock, thread);
        Budgets open1 = opening.now();
        return open1 != null ? open1 : new Budgets() {
            @Override
            public com.playtcha.jakarta.core.VerificationResult.Rejected spend(String clientAddress) {
                Budgets store = opening.now();
                return store != null ? store.spend(clientAddress) : local.spend(clientAddress);
            }

            @Override
            public void refund(String clientAddress) {
                Budgets store = opening.now();
                (store != null ? store : local).refund(clientAddress);
            }

            @Override
            public LocalFault away() {
                Budgets store = opening.now();
                return store != null ? store.away() : opening.away;
            }

            @Override
            public void close() {
                opening.close();
            }
        };
    }

    /** The login failure counts: the node's own until the cache's are open, those then. */
    static LoginFailures loginFailures(Supplier<LoginFailures> open, LoginFailures local, String where, StartWindow start,
            VerifierClock clock, String thread) {
        Opening<LoginFailures> opening = start(open, LoginFailures::close, "login failure counts", where, start, clock, thread);
        LoginFailures open1 = opening.now();
        return open1 != null ? open1 : new LateLoginFailures(opening, local);
    }

    /** The counts of a node whose cache opened after its start: its own ({@code local}) until then. */
    private record LateLoginFailures(Opening<LoginFailures> opening, LoginFailures local) implements LoginFailures {
        private LoginFailures counts() {
            LoginFailures store = opening.now();
            return store != null ? store : local;
        }

        @Override
        public boolean needsToken(byte[] account, String clientAddress) {
            return counts().needsToken(account, clientAddress);
        }

        @Override
        public boolean admit(byte[] account, String clientAddress) {
            return counts().admit(account, clientAddress);
        }

        @Override
        public void admitted(byte[] account, String clientAddress, boolean accepted) {
            counts().admitted(account, clientAddress, accepted);
        }

        @Override
        public void failed(byte[] account, String clientAddress) {
            counts().failed(account, clientAddress);
        }

        @Override
        public void succeeded(byte[] account) {
            counts().succeeded(account);
        }

        @Override
        public LocalFault away() {
            LoginFailures store = opening.now();
            return store != null ? store.away() : opening.away;
        }

        @Override
        public void close() {
            opening.close();
            if (opening.now() == null) {
                local.close(); // else the shared counts closed it
            }
        }
    }
}
