package com.playtcha.jakarta.servlet;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What {@link PlaytchaFilter} costs a request it does not guard (a GET, the method of every page
 * that shows the form): the target is under 1 microsecond. {@code chainOnly} is the floor, calling
 * the same chain without the filter. The filter is initialised as a container would, pointed at a
 * closed port: an unguarded request never calls Playtcha.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterBenchmark {

    private PlaytchaFilter filter;
    private StubRequest get;
    private HttpServletResponse response;
    private FilterChain chain;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) throws ServletException {
        filter = new PlaytchaFilter();
        filter.init(new StubConfig(Map.of("secret", "sk_bench_0123456789", "api-url", "http://127.0.0.1:9")));
        get = new StubRequest("GET", null);
        response = new HttpServletResponseWrapper(StubRequest.unsupported(HttpServletResponse.class));
        chain = (request, response) -> blackhole.consume(request);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        filter.destroy();
    }

    @Benchmark
    public void unguardedGet() throws IOException, ServletException {
        filter.doFilter(get, response, chain);
    }

    @Benchmark
    public void chainOnly() throws IOException, ServletException {
        chain.doFilter(get, response);
    }

    /** The filter's configuration, as web.xml would give it, in a context that keeps attributes. */
    private record StubConfig(Map<String, String> initParams, ServletContext context) implements FilterConfig {

        StubConfig(Map<String, String> initParams) {
            this(initParams, newContext());
        }

        private static ServletContext newContext() {
            Map<String, Object> attributes = new HashMap<>();
            return (ServletContext) Proxy.newProxyInstance(FilterBenchmark.class.getClassLoader(),
                    new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        case "removeAttribute" -> attributes.remove((String) args[0]);
                        case "getClassLoader" -> FilterBenchmark.class.getClassLoader();
                        case "getInitParameter" -> null;
                        case "getInitParameterNames" -> Collections.emptyEnumeration();
                        case "getContextPath" -> "";
                        case "toString" -> "bench context";
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException("ServletContext." + method.getName());
                    });
        }

        @Override
        public String getFilterName() {
            return "playtcha";
        }

        @Override
        public ServletContext getServletContext() {
            return context;
        }

        @Override
        public String getInitParameter(String name) {
            return initParams.get(name);
        }

        @Override
        public Enumeration<String> getInitParameterNames() {
            return Collections.enumeration(initParams.keySet());
        }
    }
}
