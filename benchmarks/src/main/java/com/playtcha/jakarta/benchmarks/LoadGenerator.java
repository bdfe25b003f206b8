package com.playtcha.jakarta.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.Timeout;

/**
 * A closed-loop load generator: {@code clients} threads each post the guarded form, wait for the
 * answer and post again until the window ends, each request with a fresh token. One pooled
 * HttpClient 5 client with keep-alive and room for every thread, so the generator never waits for
 * a connection; tokens are minted on the generator's threads before the clock starts for that
 * request, and neither counts as the server's allocation.
 *
 * <p>Every request comes from 127.0.0.1, unless a window is given source addresses: then each client
 * posts from its share of them in turn, its socket bound to the address before it connects (all of
 * 127.0.0.0/8 is loopback on Linux), so the server sees that many visitors by their own addresses, as
 * {@code getRemoteAddr()} does behind no proxy. Each address is its own route of the pool, with its own
 * kept-alive connection.
 */
final class LoadGenerator implements AutoCloseable {

    static final String THREAD_NAME = "bench-client-";
    private static final int MAX_CLIENTS = 512;
    /** The context attribute that carries a request's source address to the route planner. */
    private static final String SOURCE = LoadGenerator.class.getName() + ".source";

    private final CloseableHttpClient client;

    LoadGenerator() {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_CLIENTS)
                .setMaxConnPerRoute(MAX_CLIENTS)
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(10))
                        .setSocketTimeout(Timeout.ofSeconds(60))
                        .build())
                .build();
        client = HttpClients.custom()
                .setConnectionManager(pool)
                .setRoutePlanner(new DefaultRoutePlanner(null) {
                    @Override
                    protected InetAddress determineLocalAddress(HttpHost firstHop, HttpContext context) {
                        return (InetAddress) context.getAttribute(SOURCE); // null: the system's choice, 127.0.0.1
                    }
                })
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofSeconds(10))
                        .setResponseTimeout(Timeout.ofSeconds(60))
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .build();
    }

    /** Runs one closed-loop window against {@code target}: each client posts again as soon as it has an answer. */
    Sample run(URI target, int clients, Duration duration, Supplier<String> tokens) throws InterruptedException {
        return run(target, clients, duration, Duration.ZERO, tokens);
    }

    /**
     * Runs one window against {@code target} and returns what came back.
     *
     * @param interval the pace of each client: it starts a request at most every {@code interval}
     *                 (the clients' starts are spread over it), or as soon as the previous one
     *                 ends when that took longer; zero for a closed loop
     * @param tokens   a fresh valid token per call (the simulator's tokens are single-use)
     */
    Sample run(URI target, int clients, Duration duration, Duration interval, Supplier<String> tokens)
            throws InterruptedException {
        return run(target, clients, duration, interval, tokens, List.of());
    }

    /**
     * The same from {@code sources}: client {@code i} posts from every address whose index is {@code i}
     * modulo {@code clients}, one after the other (or shares one with other clients when there are fewer
     * addresses than clients); empty, from 127.0.0.1.
     */
    Sample run(URI target, int clients, Duration duration, Duration interval, Supplier<String> tokens,
            List<InetAddress> sources) throws InterruptedException {
        if (clients < 1 || clients > MAX_CLIENTS) {
            throw new IllegalArgumentException("clients must be 1-" + MAX_CLIENTS + ": " + clients);
        }
        if (sources.size() > MAX_CLIENTS) {
            throw new IllegalArgumentException("at most " + MAX_CLIENTS + " source addresses (one connection each): "
                    + sources.size());
        }
        Window window = new Window(target, duration, interval, tokens, clients);
        List<Map<String, LongList>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Map<String, LongList> mine = new HashMap<>();
            results.add(mine);
            long offset = interval.toNanos() * i / clients;
            List<InetAddress> from = new ArrayList<>();
            for (int a = sources.isEmpty() ? -1 : i % sources.size(); a >= 0 && a < sources.size(); a += clients) {
                from.add(sources.get(a));
            }
            Thread thread = new Thread(() -> window.client(offset, from, mine), THREAD_NAME + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        window.ready.await();
        ServerCost cost = ServerCost.start();
        window.start = System.nanoTime();
        window.go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - window.start) / 1e9;
        ServerCost.Cost server = cost.since(window.clientBytes.get());
        Map<String, long[]> latencies = new HashMap<>();
        for (Map<String, LongList> mine : results) {
            mine.forEach((label, list) -> latencies.merge(label, list.toArray(), Sample::concat));
        }
        return new Sample(latencies, seconds, server.bytes(), server.cpuNanos());
    }

    /** One window's clients: they start together, post until it ends, and count what they allocated themselves. */
    private final class Window {
        final URI target;
        final Duration duration;
        final Duration interval;
        final Supplier<String> tokens;
        final CountDownLatch ready;
        final CountDownLatch go = new CountDownLatch(1);
        final AtomicLong clientBytes = new AtomicLong();
        /** Set before {@link #go} opens, read by the clients after it: the latch orders the two. */
        long start;

        Window(URI target, Duration duration, Duration interval, Supplier<String> tokens, int clients) {
            this.target = target;
            this.duration = duration;
            this.interval = interval;
            this.tokens = tokens;
            this.ready = new CountDownLatch(clients);
        }

        /** One client's loop, its first request {@code offset} into the window, from {@code sources} in turn. */
        void client(long offset, List<InetAddress> sources, Map<String, LongList> mine) {
            long allocatedAtStart = ServerCost.currentThread();
            ready.countDown();
            try {
                go.await();
                long until = start + duration.toNanos();
                long next = start + offset;
                int turn = 0;
                while (System.nanoTime() - until < 0) {
                    next = pace(next, interval.toNanos());
                    String token = tokens.get();
                    InetAddress source = sources.isEmpty() ? null : sources.get(turn++ % sources.size());
                    long begun = System.nanoTime();
                    String label = post(target, token, source);
                    mine.computeIfAbsent(label, l -> new LongList()).add(System.nanoTime() - begun);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                clientBytes.addAndGet(ServerCost.currentThread() - allocatedAtStart);
            }
        }
    }

    /** Waits until {@code next} (not at all in a closed loop); returns when the request after this one is due. */
    private static long pace(long next, long interval) {
        if (interval == 0) {
            return next;
        }
        for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
        return Math.max(next + interval, System.nanoTime());
    }

    /** One request; what came back, as a label: the body of a 200, else the status or the exception. */
    private String post(URI target, String token, InetAddress source) {
        HttpPost post = new HttpPost(target);
        post.setEntity(new StringEntity("playtcha-token=" + token, ContentType.APPLICATION_FORM_URLENCODED));
        HttpClientContext context = HttpClientContext.create();
        if (source != null) {
            context.setAttribute(SOURCE, source);
        }
        try {
            return client.execute(post, context, response -> {
                if (response.getCode() == 200) {
                    return EntityUtils.toString(response.getEntity());
                }
                EntityUtils.consume(response.getEntity());
                return "status " + response.getCode();
            });
        } catch (IOException e) {
            return "error " + e.getClass().getSimpleName();
        }
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }

    /** A growable list of longs, so that a million latencies are not a million boxed objects. */
    static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
