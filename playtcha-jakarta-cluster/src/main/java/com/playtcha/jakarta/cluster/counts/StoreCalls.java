package com.playtcha.jakarta.cluster.counts;

import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.spi.store.VerifierClock;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.proxy.ExecutionStrategy;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * A node's calls to the store that Bucket4j keeps for the cluster (the client budgets, the login
 * failure counts), on {@value #THREADS} daemon threads of this node. A request waits for one at most
 * {@link #bound}, half of {@code playtcha.cluster.timeout}. A call that fails or times out puts the node
 * on its own state ({@link #lost}, {@code budgets_local}, one WARNING) until a background {@link #probe},
 * at most once every {@link #RETRY}, or at once when the backend says the store answers again
 * ({@link #answersAgain}), gets the store's answer (one INFO). Advice ({@link #check}) runs
 * aside on a thread of its own; a login count's call ({@link #counted}) that is slow, that the store gave
 * up on, or that failed because this node interrupted a call, gets its caller's "slow" answer and leaves
 * the node on the store: only a store that refused or broke the call ({@link StoreFailure}) puts the login
 * counts on the node's own. Why: design/cluster.md.
 */
final class StoreCalls {

    /** How often a node on its own state tries the store again. */
    static final Duration RETRY = Duration.ofSeconds(1);
    /** Threads for Bucket4j's calls: a probe's call waits on a second one. */
    static final int THREADS = 4;
    /** Checks waiting for {@link #check}'s thread at most; more are answered by their fallback at once. */
    static final int CHECKS_WAITING = 16;
    /** Expired rows deleted at once, at most ten times a minute. */
    private static final int CLEAN_BATCH = 1_000;

    private final System.Logger log;
    private final String what;
    private final String where;
    private final String meanwhile;
    private final Function<Throwable, String> messages;
    private final Function<Throwable, StoreFailure> signals;
    private final Duration bound;
    private final VerifierClock clock;
    private final ScheduledThreadPoolExecutor threads;
    private final ThreadPoolExecutor checks;
    /** What this node knows of its store, replaced whole by each transition. */
    private final AtomicReference<StoreState> state = new AtomicReference<>(StoreState.SHARED);

    /**
     * @param owner     whose logger says so: the class that keeps what the store keeps
     * @param what      what the store keeps, for the log, capitalised: {@code Client budgets}
     * @param meanwhile what the fault says this node does while the store is away, and what that lets through
     * @param store     where the store is, and how its failures read
     * @param prefix    the threads' name before {@code -K}
     * @param timeout   {@code playtcha.cluster.timeout}: a real wait, on a real socket
     * @param clock     the verifier's: when the faults began, when to try the store again
     */
    StoreCalls(Class<?> owner, String what, String meanwhile, StoreHandle store, String prefix, Duration timeout, VerifierClock clock) {
        this.log = System.getLogger(owner.getName());
        this.what = what;
        this.where = store.where();
        this.meanwhile = meanwhile;
        this.messages = store.messages();
        this.signals = store.signals();
        this.bound = timeout.dividedBy(2);
        this.clock = clock;
        AtomicInteger count = new AtomicInteger();
        threads = new ScheduledThreadPoolExecutor(THREADS, daemons(() -> prefix + "-" + count.incrementAndGet()));
        threads.setRemoveOnCancelPolicy(true);
        checks = new ThreadPoolExecutor(0, 1, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(CHECKS_WAITING),
                daemons(() -> prefix + "-check"));
    }

    /** Daemon threads named by {@code names}, with no context class loader (an application's would be kept from unloading). */
    static ThreadFactory daemons(Supplier<String> names) {
        return r -> {
            Thread t = new Thread(r, names.get());
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        };
    }

    /**
     * Bucket4j's way to run a store's calls: each on these threads, its caller waiting at most
     * {@link #bound}, by the rules of {@link #call(Supplier, Supplier, Supplier)}. Bucket4j's own
     * {@code ExecutionStrategy.backgroundTimeBounded} cannot tell a call that waited in line behind this
     * node's own calls from one the store did not answer, and a flood of clients new to this node (an
     * attacker's addresses, or a node's first minute) would then put every client's budget on this node's
     * own buckets. A call that fails or ran too long throws {@link NoAnswer}, the node now on its own
     * ({@link #lost}); one that never left the line throws {@link Backlogged}, the node staying on the store.
     */
    ExecutionStrategy execution() {
        return new ExecutionStrategy() {
            @Override
            public <T> T execute(Supplier<T> call) {
                return call(call, () -> {
                    throw new NoAnswer();
                }, () -> {
                    throw new Backlogged();
                });
            }

            @Override
            public <T> CompletableFuture<T> executeAsync(Supplier<CompletableFuture<T>> call) {
                throw new UnsupportedOperationException("the cluster's stores are called synchronously");
            }
        };
    }

    /**
     * A call through {@link #execution} that got no answer: it failed, ran too long (the node is on its
     * own now, {@link #away}), or its caller was interrupted (which says nothing of the store).
     */
    static final class NoAnswer extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoAnswer() {
            super("no answer from the store", null, false, false);
        }
    }

    /** A call through {@link #execution} that waited in line past {@link #bound}: this node's own backlog, its caller's alone. */
    static final class Backlogged extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Backlogged() {
            super("this node's calls to the store are backlogged", null, false, false);
        }
    }

    /** The threads calls run on. */
    ScheduledExecutorService threads() {
        return threads;
    }

    String where() {
        return where;
    }

    /**
     * Runs {@code call} on the threads and waits for it at most {@link #bound} (one not started by then
     * never starts). What it returns, or, when it fails or ran too long, what {@code otherwise} returns, the
     * node now on its own ({@link #lost}); or that too when the caller's thread is interrupted, which says
     * nothing of the store. A call that timed out still waiting for a thread met this
     * node's own backlog (a flood of logins on this node), not the store: its caller alone gets
     * {@code backlogged}, and the node stays on the store (the calls under way tell whether it answers).
     * {@code backlogged} must be safe for the cluster, since the flood may be an attacker's: it cannot be
     * this node's own state, which would let a flood spend a limit once on every node.
     */
    <T> T call(Supplier<T> call, Supplier<T> otherwise, Supplier<T> backlogged) {
        return run(threads, call, otherwise, backlogged, false);
    }

    /**
     * Runs {@code call}, an advice, on the checks' thread and waits for it at most {@link #bound}: what it
     * returns, or what {@code otherwise} returns when {@value #CHECKS_WAITING} checks wait already, or it
     * times out, or it fails. Only a store that is {@link StoreFailure#DOWN down} (it refused or broke the
     * call) puts the node on its own state ({@link #lost}); a full queue, a timeout or a store that gave up
     * is its caller's alone, the node staying on the store: with one thread, a flood of checks only ever
     * waits for itself.
     */
    <T> T check(Supplier<T> call, Supplier<T> otherwise) {
        return run(checks, call, otherwise, otherwise, true);
    }

    /**
     * Runs {@code call} on {@code on} and waits for it at most {@link #bound}. A budgets' call
     * ({@code advice} false): any failure puts the node on its own ({@link #lost}), and so does a timeout
     * of a call that started. Advice: only a store that is {@link StoreFailure#DOWN down} does; one that
     * gave up, or ran too long, is its caller's alone. A call that was refused a place, never started, whose
     * caller was interrupted, or that failed for an {@link StoreFailure#INTERRUPTED interruption} says
     * nothing of the store: {@code backlogged} answers it.
     */
    private <T> T run(ExecutorService on, Supplier<T> call, Supplier<T> otherwise, Supplier<T> backlogged, boolean advice) {
        Waited<T> waited = await(on, call);
        switch (waited.end()) {
            case ANSWERED:
                return waited.answer();
            case FAILED:
                StoreFailure failure = failure(waited);
                if (failure == StoreFailure.INTERRUPTED || advice && failure == StoreFailure.GAVE_UP) {
                    return backlogged.get();
                }
                lost(waited.thrown());
                break;
            case WAITING:
                return backlogged.get();
            case RAN_TOO_LONG:
                if (!advice) {
                    lost(new IllegalStateException(new TimeoutException("no answer within " + bound.toMillis() + " ms")));
                }
                break;
            default: // not taken
        }
        return otherwise.get();
    }

    /** How waiting for one call ended. */
    private enum End {
        /** The store answered in time. */
        ANSWERED,
        /** The call threw: its {@link Waited#failure}. */
        FAILED,
        /** No answer in time, the call still waiting for a thread (it never starts now). */
        WAITING,
        /** No answer in time from a call under way (it is cancelled). */
        RAN_TOO_LONG,
        /** Refused a place (busy or closed), or the caller was interrupted: nothing said of the store. */
        NOT_TAKEN
    }

    private record Waited<T>(End end, T answer, Throwable failure) {
        /** The call's failure as {@link #lost} takes it. */
        RuntimeException thrown() {
            return failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
        }
    }

    /** What a failed call's failure says of the store, by the backend's signals and then the JDK's. */
    private StoreFailure failure(Waited<?> waited) {
        return StoreFailure.of(waited.failure(), signals);
    }

    /** Submits {@code call} to {@code on} and waits for it at most {@link #bound}, cancelling it then; nothing else. */
    private <T> Waited<T> await(ExecutorService on, Supplier<T> call) {
        return await(on, call, bound);
    }

    /** Submits {@code call} to {@code on} and waits for it at most {@code atMost}, cancelling it then; nothing else. */
    private <T> Waited<T> await(ExecutorService on, Supplier<T> call, Duration atMost) {
        Future<T> future;
        AtomicBoolean started = new AtomicBoolean();
        try {
            future = on.submit(() -> {
                started.set(true);
                return call.get();
            });
        } catch (RejectedExecutionException busyOrClosed) {
            return new Waited<>(End.NOT_TAKEN, null, null);
        }
        try {
            return new Waited<>(End.ANSWERED, future.get(atMost.toNanos(), TimeUnit.NANOSECONDS), null);
        } catch (ExecutionException e) {
            return new Waited<>(End.FAILED, null, e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Waited<>(started.get() ? End.RAN_TOO_LONG : End.WAITING, null, null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return new Waited<>(End.NOT_TAKEN, null, null);
        }
    }

    /**
     * A call of the login counts: runs {@code call} on the threads and waits for it at most {@link #bound}.
     * What it returns; when the store is {@link StoreFailure#DOWN down} (it refused or broke the call) what
     * {@code down} returns, the node now on its own ({@link #lost}); when no answer came in time, or the
     * call failed otherwise ({@link StoreFailure#GAVE_UP}: a pool's or a statement's timeout, a lock it could
     * not get, a failure that says nothing), or the caller or the call was {@link StoreFailure#INTERRUPTED
     * interrupted}, what {@code slow} returns, the node staying on the store. While {@link #slow}, {@code slow}
     * answers at once, but for one call every {@link #RETRY}, which goes to the store to tell whether it
     * answers in time again.
     */
    <T> T counted(Supplier<T> call, Supplier<T> down, Supplier<T> slow) {
        StoreState now = state.get();
        boolean trial = now.slow();
        if (trial && !(now instanceof StoreState.Slow was && !was.trying() && due(was.next())
                && state.compareAndSet(was, new StoreState.Slow(was.next(), true)))) {
            return slow.get(); // not due, another call is the trial, or the store went away meanwhile
        }
        try {
            return countedAnswer(await(threads, call), down, slow);
        } finally {
            if (trial) {
                state.updateAndGet(s -> s.tried(clock.millis(), RETRY.toMillis()));
            }
        }
    }

    /** What a login count's call that ended so answers, by {@link #counted}'s rules; says when the store is slow, down or in time again. */
    private <T> T countedAnswer(Waited<T> waited, Supplier<T> down, Supplier<T> slow) {
        switch (waited.end()) {
            case ANSWERED:
                if (state.getAndUpdate(StoreState::inTime).slow()) {
                    log.log(Level.INFO, "{0} answer in time again [store={1}]", what, where);
                }
                return waited.answer();
            case FAILED:
                StoreFailure failure = failure(waited);
                if (failure == StoreFailure.INTERRUPTED) {
                    break; // this node cancelled a call it shared a batch with: this caller's alone
                }
                if (failure == StoreFailure.DOWN) {
                    lost(waited.thrown());
                    return down.get();
                }
                slowed("it gave up, or failed without refusing: " + messages.apply(waited.failure()));
                break;
            case RAN_TOO_LONG:
                slowed("no answer within " + bound.toMillis() + " ms");
                break;
            default: // waiting in this node's line, or not taken: this caller's alone
        }
        return slow.get();
    }

    /**
     * Before the node takes its first login: runs {@code call}, which reaches the store as a login's
     * call does, waiting at most what is {@link StartWindow#left left} of the start's one bound, so that the
     * first logins find the store warm (a pool's first connection, the driver's first statements) and are
     * not taken for a slow store's. A store that refuses puts the node on its own counts ({@link #lost});
     * one that gives up or does not answer by then on the "slow" answers ({@link #slowed}), whose trial a
     * second later tells again, and the start's next parts wait for nothing ({@link StartWindow#missed}).
     */
    void warm(Supplier<?> call, StartWindow start) {
        Waited<?> waited = await(threads, call, start.left());
        switch (waited.end()) {
            case FAILED:
                if (failure(waited) == StoreFailure.DOWN) {
                    lost(waited.thrown());
                } else if (failure(waited) == StoreFailure.GAVE_UP) {
                    slowed("it gave up, or failed without refusing: " + messages.apply(waited.failure()));
                }
                break;
            case RAN_TOO_LONG, WAITING:
                start.missed();
                slowed("no answer within playtcha.cluster.start-timeout (" + start.bound().toMillis() + " ms) of the start");
                break;
            default: // answered; or the starting thread was interrupted, which says nothing of the store
        }
    }

    /** Whether the login counts' calls get "slow" answers at once: one ran past {@link #bound}, and none was answered in time since. */
    boolean slow() {
        return state.get().slow();
    }

    private void slowed(String why) {
        if (!state.getAndUpdate(s -> s.slowed(clock.millis(), RETRY.toMillis())).slow()) {
            log.log(Level.WARNING, "{0} are slow: every login attempt needs a token until they answer in time [store={1}, cause={2}]",
                    what, where, why);
        }
    }

    /** {@code budgets_local} while the store is away, else {@code null}. */
    LocalFault away() {
        return state.get().fault();
    }

    /** A call failed or timed out: this node is on its own until a probe gets an answer; one WARNING says so. */
    void lost(RuntimeException e) {
        String cause = messages.apply(e.getCause() != null ? e.getCause() : e);
        LocalFault fault = new LocalFault(LocalFault.BUDGETS_LOCAL, clock.instant(), "the " + what.toLowerCase(Locale.ROOT) + " in the "
                + where + " did not answer within half of playtcha.cluster.timeout (" + cause + "): " + meanwhile);
        if (state.getAndUpdate(s -> s.lost(fault, clock.millis(), RETRY.toMillis())).fault() == null) {
            log.log(Level.WARNING, "{0} are this node''s own until the cluster''s answer again [store={1}, cause={2}]", what, where, cause);
        }
    }

    /**
     * While away: at most once every {@link #RETRY}, runs {@code call} in the background; when it returns,
     * the store answered and the node shares again. The call must reach the store, not a copy of its state.
     */
    void probe(Runnable call) {
        if (!(state.get() instanceof StoreState.Away away && !away.probing() && due(away.next())
                && state.compareAndSet(away, new StoreState.Away(away.fault(), away.next(), true, away.after())))) {
            return;
        }
        try {
            threads.execute(() -> probing(call));
        } catch (RejectedExecutionException closed) {
            state.updateAndGet(s -> s.probed(clock.millis(), RETRY.toMillis()));
        }
    }

    /**
     * The store says it answers again (a connection made again, or made at last after a start without it):
     * while away, {@link #probe}'s {@code call} runs now on these threads, whatever traffic comes, so the
     * node's next call is judged on the store's state rather than on its own; the caller's thread never
     * waits. A probe that fails leaves the node away, as any probe does.
     */
    void answersAgain(Runnable call) {
        if (state.get().fault() == null) {
            return;
        }
        try {
            threads.execute(() -> probing(call));
        } catch (RejectedExecutionException closed) {
            // closing: nothing to share
        }
    }

    /** A probe's run: the store's answer shares again (one INFO); a failure leaves the node away. */
    private void probing(Runnable call) {
        try {
            call.run();
            if (state.getAndUpdate(StoreState::answered).fault() != null) {
                log.log(Level.INFO, "{0} are shared again [store={1}]", what, where);
            }
        } catch (RuntimeException stillAway) {
            // the next probe tells
        } finally {
            state.updateAndGet(s -> s.probed(clock.millis(), RETRY.toMillis()));
        }
    }

    /**
     * Whether {@code at}, in the clock's milliseconds, has come; or the clock was set back by more than
     * {@link #RETRY} since it was set, which no wait here is for.
     */
    private boolean due(long at) {
        long now = clock.millis();
        return now - at >= 0 || at - now > RETRY.toMillis();
    }

    /**
     * The clock as Bucket4j reads it: every node's buckets in the store are on their nodes' wall clocks,
     * so the verifier's clock, not a count of nanoseconds since this JVM started.
     */
    static TimeMeter meter(VerifierClock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /** Deletes, once a minute while the store answers, the rows Bucket4j marked expired: up to ten batches. */
    void cleanEveryMinute(ProxyManager<?> store) {
        if (store instanceof ExpiredEntriesCleaner rows) {
            cleanEveryMinute(rows::removeExpired);
        }
    }

    /**
     * Runs {@code clean} (deletes up to so many expired rows, returns how many went) once a minute while the
     * store answers: up to ten batches.
     */
    void cleanEveryMinute(IntUnaryOperator clean) {
        threads.scheduleWithFixedDelay(() -> {
            try {
                for (int i = 0; i < 10 && away() == null && clean.applyAsInt(CLEAN_BATCH) == CLEAN_BATCH; i++) {
                    // more of them
                }
            } catch (RuntimeException e) {
                log.log(Level.DEBUG, "Expired rows not deleted [store={0}, cause={1}]", where, messages.apply(e));
            }
        }, 1, 1, TimeUnit.MINUTES);
    }

    /** Stops the threads, then runs {@code closed} (what opening the store opened); never throws. */
    void close(Runnable closed) {
        threads.shutdownNow();
        checks.shutdownNow();
        try {
            closed.run();
        } catch (RuntimeException e) {
            log.log(Level.DEBUG, "{0}'' store not closed [store={1}, cause={2}]", what, where, e);
        }
    }
}
