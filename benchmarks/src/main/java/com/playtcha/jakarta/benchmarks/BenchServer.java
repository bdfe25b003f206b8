package com.playtcha.jakarta.benchmarks;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One Jetty 12 (ee10) server on 127.0.0.1 with a context per variant, each serving
 * {@link GuardedServlet} at {@value #PATH}: {@code /a} bare, {@code /b} behind PlaytchaFilter with
 * its defaults (secret and api-url set, and the client budget's rate, see {@link #NEVER_REFUSES}),
 * {@code /c}, {@code /d} and {@code /e} behind the hand-written filters with the same 3 s timeout as the
 * library's default. {@code /f} is B with its OpenTelemetry metrics on ({@link MetricsOn}); B has
 * them off ({@link #NO_METRICS}). B, F and the outage contexts share one PlaytchaFilter class, loaded
 * once, as in an application. {@code /b-outage} and {@code /c-outage} are B and C with the outage timeout;
 * B's breaker keeps its defaults. {@code /b-outage-again} is a second, separate instance of B's
 * outage filter, with a breaker and a ledger of its own, for a second outage that meets code the
 * first has already compiled ({@link #SECOND_OUTAGE}).
 *
 * <p>The outage contexts are there only in a server started for the outage: in one started for the
 * load cells, their idle filters would run in every window, their ledgers' passes (four a second
 * each) counted in whichever variant's CPU that window measures, as no application's would be.
 */
final class BenchServer implements AutoCloseable {

    static final String PATH = "/guarded";
    /** Threads that serve requests; Jetty's selector and acceptor take a few more. */
    static final int MAX_THREADS = 256;
    /** The library's default timeout, given to C and D as well. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    /**
     * B's per-client budget: on, as by default, so its check is measured, but at the highest rate
     * and burst the settings allow (a million verifies a second per address), because the load
     * generator posts everything from 127.0.0.1 and the default (30, then 2 a second) would refuse
     * nearly all of it. No request of the load or outage runs is refused.
     */
    static final Map<String, String> NEVER_REFUSES = Map.of("client-budget.per-minute", "60000000",
            "client-budget.burst", "1000000");
    /**
     * B's metrics: off. OpenTelemetry's API is on the benchmark's class path for F, and the filter
     * records wherever it sees the API unless told not to; switched off, it records nothing, as where
     * the API is absent. (B used to be loaded a second time, by a class loader that hid the API; at
     * 20 ms and one client that second copy of the library cost B up to a quarter more CPU per request
     * than the same code loaded once: see docs/benchmarks.md.)
     */
    static final Map<String, String> NO_METRICS = Map.of("metrics.enabled", "false");
    /** The context of B's second outage: the same filter class as {@code /b-outage}, a new instance. */
    static final String SECOND_OUTAGE = Variant.B.outageContextPath() + "-again";
    /** Server threads are named so that the allocation count knows them. */
    static final String THREAD_NAME = "bench-server";
    /** The context of B on a cluster's shared stores, in a server started for {@link ClusterBenchmark}. */
    static final String CLUSTER = "/cluster";
    /**
     * The cluster context whose client budget tells the cluster as often as the default budget does: the
     * default burst (30) and 180 a minute, so that a node tells about a client once 3 of its verifies went
     * through untold (a tenth of the burst; a second's refill, 3, is no more). 180 a minute is below the
     * paced cell's 4 verifies a second per address; the burst covers the difference over a window.
     */
    static final String CLUSTER_TELLING = "/cluster-telling";
    /** {@value #CLUSTER_TELLING}'s budget over B's: the default burst, and a rate whose second's refill is no more than a tenth of it. */
    static final Map<String, String> TELLING_BUDGET = Map.of("client-budget.burst", "30", "client-budget.per-minute", "180");

    private final Server server;
    private final ServerConnector connector;
    /** Times PlaytchaFilter itself in B's outage context. */
    private final FilterClock outageClock = new FilterClock();
    /** Times PlaytchaFilter itself in B's second outage. */
    private final FilterClock secondOutageClock = new FilterClock();
    /** {@code lease-timeout} of the filters outside the outage contexts; {@code null}: the library's default. */
    private final Duration leaseTimeout;

    /** The server with no contexts yet; not started. */
    private BenchServer(Duration leaseTimeout) {
        this.leaseTimeout = leaseTimeout;
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 8);
        threads.setName(THREAD_NAME);
        // Threads that retire during a window would take their allocation count with them.
        threads.setIdleTimeout((int) Duration.ofMinutes(30).toMillis());
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(1024); // 64 clients connecting at once must not overflow the backlog
        server.addConnector(connector);
    }

    /** The six variants' contexts; with {@code outageTimeout}, the outage contexts with it too. */
    private ContextHandlerCollection variants(PlaytchaSimulator playtcha, Duration outageTimeout) {
        String secret = playtcha.secret();
        URI verifyUrl = playtcha.verifyUrl();
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        contexts.addHandler(context(Variant.A.contextPath, null));
        contexts.addHandler(context(Variant.B.contextPath, playtcha(playtcha, null, false, leaseTimeout)));
        contexts.addHandler(context(Variant.C.contextPath, new FilterHolder(new JdkClientFilter(secret, verifyUrl, DEFAULT_TIMEOUT))));
        contexts.addHandler(context(Variant.D.contextPath, new FilterHolder(new UrlConnectionFilter(secret, verifyUrl, DEFAULT_TIMEOUT))));
        contexts.addHandler(context(Variant.E.contextPath, new FilterHolder(new ApacheClientFilter(secret, verifyUrl, DEFAULT_TIMEOUT))));
        MetricsOn.installGlobal();
        contexts.addHandler(context(Variant.F.contextPath, playtcha(playtcha, null, true, leaseTimeout)));
        if (outageTimeout != null) {
            contexts.addHandler(timedOutage(Variant.B.outageContextPath(), outageClock, playtcha, outageTimeout));
            contexts.addHandler(timedOutage(SECOND_OUTAGE, secondOutageClock, playtcha, outageTimeout));
            contexts.addHandler(context(Variant.C.outageContextPath(),
                    new FilterHolder(new JdkClientFilter(secret, verifyUrl, outageTimeout))));
        }
        return contexts;
    }

    /** The server for the load cells: the six variants' contexts, the library's with {@code leaseTimeout} (null: its default). */
    static BenchServer start(PlaytchaSimulator playtcha, Duration leaseTimeout) throws Exception {
        return start(playtcha, null, leaseTimeout);
    }

    /** The server for the outage: the six variants' contexts and the outage contexts with {@code outageTimeout}. */
    static BenchServer start(PlaytchaSimulator playtcha, Duration outageTimeout, Duration leaseTimeout) throws Exception {
        BenchServer bench = new BenchServer(leaseTimeout);
        return bench.started(bench.variants(playtcha, outageTimeout));
    }

    /**
     * The server for the cost of a cluster ({@link ClusterBenchmark}): B's context, and at
     * {@value #CLUSTER} the same filter with {@code ledger.datasource} set to {@code dataSource} (a JNDI
     * name), as a node of a cluster is configured, and at {@value #CLUSTER_TELLING} that node with the
     * default burst; nothing else, so that no other filter's housekeeping runs in their windows. They
     * share one PlaytchaFilter class.
     */
    static BenchServer startCluster(PlaytchaSimulator playtcha, String dataSource, Duration leaseTimeout) throws Exception {
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        contexts.addHandler(context(Variant.B.contextPath, playtcha(playtcha, null, false, leaseTimeout)));
        contexts.addHandler(context(CLUSTER, clusterNode(playtcha, dataSource, "playtcha-cluster", Map.of(), leaseTimeout)));
        contexts.addHandler(context(CLUSTER_TELLING,
                clusterNode(playtcha, dataSource, "playtcha-cluster-telling", TELLING_BUDGET, leaseTimeout)));
        return new BenchServer(leaseTimeout).started(contexts);
    }

    /** B with {@code ledger.datasource} set to {@code dataSource}, and {@code more} init-params over B's. */
    private static FilterHolder clusterNode(PlaytchaSimulator playtcha, String dataSource, String name, Map<String, String> more,
            Duration leaseTimeout) {
        FilterHolder cluster = playtcha(playtcha, null, false, leaseTimeout);
        cluster.setName(name);
        Map<String, String> params = new HashMap<>(cluster.getInitParameters());
        params.put("ledger.datasource", dataSource);
        params.putAll(more);
        cluster.setInitParameters(params);
        return cluster;
    }

    private BenchServer started(ContextHandlerCollection contexts) throws Exception {
        server.setHandler(contexts);
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw e;
        }
        return this;
    }

    /**
     * PlaytchaFilter as B ({@code metrics} off) or F; with {@code timeout}, B in an outage context; with
     * {@code leaseTimeout}, that lease instead of the library's default.
     */
    private static FilterHolder playtcha(PlaytchaSimulator playtcha, Duration timeout, boolean metrics, Duration leaseTimeout) {
        FilterHolder holder = new FilterHolder(PlaytchaFilter.class);
        holder.setName(timeout == null ? "playtcha" : "playtcha-outage");
        Map<String, String> params = new HashMap<>(NEVER_REFUSES);
        if (!metrics) {
            params.putAll(NO_METRICS);
        }
        params.put("secret", playtcha.secret());
        params.put("api-url", playtcha.url().toString());
        if (timeout != null) {
            params.put("timeout", timeout.toMillis() + "ms");
        }
        if (leaseTimeout != null) {
            params.put("lease-timeout", leaseTimeout.toMillis() + "ms");
        }
        holder.setInitParameters(params);
        return holder;
    }

    /** B's filter with the outage timeout, between the two halves of {@code clock}. */
    private static ServletContextHandler timedOutage(String path, FilterClock clock, PlaytchaSimulator playtcha,
            Duration timeout) {
        ServletContextHandler context = context(path, new FilterHolder(clock.before()));
        FilterHolder holder = playtcha(playtcha, timeout, false, null);
        holder.setName(path.substring(1));
        context.addFilter(holder, PATH, EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(clock.after()), PATH, EnumSet.of(DispatcherType.REQUEST));
        return context;
    }

    private static ServletContextHandler context(String path, FilterHolder filter) {
        ServletContextHandler context = new ServletContextHandler(path, ServletContextHandler.NO_SESSIONS);
        context.addServlet(new ServletHolder(new GuardedServlet()), PATH);
        if (filter != null) {
            context.addFilter(filter, PATH, EnumSet.of(DispatcherType.REQUEST));
        }
        return context;
    }

    /** The time {@code circuit_open} requests spent inside PlaytchaFilter in B's outage context. */
    FilterClock outageClock() {
        return outageClock;
    }

    /** The same for B's second outage ({@link #SECOND_OUTAGE}). */
    FilterClock secondOutageClock() {
        return secondOutageClock;
    }

    /** The guarded endpoint of a context. */
    URI uri(String contextPath) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + contextPath + PATH);
    }

    /** Stops Jetty; a failure comes back unchecked (Jetty's LifeCycle.stop), so that javac's
     * try-with-resources check has no InterruptedException to warn about. */
    @Override
    public void close() {
        LifeCycle.stop(server);
    }
}
