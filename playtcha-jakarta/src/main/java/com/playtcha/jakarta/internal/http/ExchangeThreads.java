package com.playtcha.jakarta.internal.http;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The platform threads that run the exchange with Playtcha for a caller on a virtual thread, so that
 * the reply is read by a thread the operating system schedules. A virtual thread is not pre-empted:
 * when CPU-bound work (password hashing) holds every carrier, the virtual thread that would read
 * Playtcha's reply waits for a carrier, and the post's deadline, on its own platform thread, cancels
 * an exchange whose reply had arrived in time. A caller on a platform thread runs its exchange
 * itself, as before: no hand-off, no cost.
 *
 * <p>At most {@code max-connections} threads (an exchange holds one pooled connection; more threads
 * would only wait for the pool), started when needed and ended after {@value #IDLE_SECONDS} s idle;
 * daemon, with no inherited thread locals and no context class loader. The caller waits for its
 * exchange's result without a timeout of its own: the post's deadline ({@link Deadlines}) bounds the
 * exchange, and whatever the scheduler then does to the caller, the result it reads is the one the
 * exchange got in time. Measured, and why a hand-off rather than a smarter deadline: design/engine.md,
 * "Virtual threads".
 *
 * <p>Virtual threads are told apart through {@code Thread.isVirtual()}, found by reflection once: the
 * library is compiled for Java 17, where no thread is virtual.
 */
final class ExchangeThreads implements AutoCloseable {

    static final int IDLE_SECONDS = 30;

    /** {@code Thread::isVirtual} on JDK 21+, {@code null} on older ones. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private final ThreadPoolExecutor threads;

    /** Up to {@code size} threads named {@code threadName-exchange-N}. */
    ExchangeThreads(String threadName, int size) {
        threads = new ThreadPoolExecutor(size, size, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                HttpTransport.daemonThreads(threadName + "-exchange-"));
        threads.allowCoreThreadTimeOut(true);
    }

    /** Whether the calling thread is virtual: its exchange should be {@link #run run} here. */
    static boolean callerIsVirtual() {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
        } catch (Throwable e) {
            return false; // isVirtual() throws nothing; a platform caller is the safe reading
        }
    }

    /**
     * Runs {@code exchange} on one of these threads and returns its result, waiting uninterruptibly (the
     * exchange ends by its deadline). After {@link #close()} the caller runs it itself.
     */
    <T> T run(Supplier<T> exchange) {
        CompletableFuture<T> result;
        try {
            result = CompletableFuture.supplyAsync(exchange, threads);
        } catch (RejectedExecutionException closed) {
            return exchange.get();
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw unchecked(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs {@code task} on one of these threads; after {@link #close()} on the caller's (what closed ends nothing). */
    void execute(Runnable task) {
        try {
            threads.execute(task);
        } catch (RejectedExecutionException closed) {
            task.run();
        }
    }

    private static RuntimeException unchecked(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // before JDK 21: no virtual threads
        }
    }

    /** Ends the idle threads; an exchange under way ends with the pool the transport closes. Idempotent. */
    @Override
    public void close() {
        threads.shutdown();
    }
}
