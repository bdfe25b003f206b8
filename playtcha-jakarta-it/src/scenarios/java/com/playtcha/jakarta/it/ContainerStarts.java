package com.playtcha.jakarta.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.config.descriptor.api.ContainerDef;
import org.jboss.arquillian.container.spi.Container;
import org.jboss.arquillian.container.spi.context.ContainerContext;
import org.jboss.arquillian.container.spi.event.SetupContainer;
import org.jboss.arquillian.container.spi.event.StartContainer;
import org.jboss.arquillian.container.spi.event.StopContainer;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.EventContext;

/**
 * Starts each managed container on ports taken just before its start, and again on new ones when a
 * port was taken meanwhile: in arquillian.xml, {@code {port:NAME}} in a property's value becomes a free
 * port (the same one for every {@code {port:NAME}} of that container) and {@code {simulator}} the address
 * of this JVM's simulator ({@link Playtcha}, on a free port of its own). Where a container can bind port 0
 * itself (the embedded Jetty; WildFly's HTTPS and AJP listeners, which no test uses) nothing is chosen.
 *
 * <p>A start that fails is stopped (the adapter ends the server's process and waits for it), and the
 * container is started again on new ports, at most {@value #ATTEMPTS} times, when one of its ports is
 * held by another process after the stop or the failure says a port was in use; any other failure is
 * thrown at once. Per container, {@link ServerControl} adds what its adapter leaves out (Liberty's port in
 * bootstrap.properties and its bind check; Payara's domain, made, set up, started and reaped here).
 * The chosen ports are published as system properties {@code it.port.NAME} for the tests.
 */
public final class ContainerStarts {

    static final int ATTEMPTS = 3;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{port:([\\w-]+)}|\\{simulator}");
    private static final Pattern BIND_FAILURE = Pattern.compile(
            "(?i)address already in use|port already in use|BindException|is already in use|bind did not succeed");

    @Inject
    private Instance<ContainerContext> containerContext;

    private final Map<String, Map<String, String>> templates = new HashMap<>();
    private final Map<String, Map<String, Integer>> ports = new HashMap<>();

    public void setup(@Observes EventContext<SetupContainer> setup) throws Exception {
        Container<?> container = setup.getEvent().getContainer();
        assign(container);
        ServerControl.of(container.getName()).beforeSetup(container.getContainerConfiguration(), ports.get(container.getName()));
        setup.proceed();
    }

    public void start(@Observes EventContext<StartContainer> start) throws Exception {
        Container<?> container = start.getEvent().getContainer();
        ServerControl control = ServerControl.of(container.getName());
        for (int attempt = 1; ; attempt++) {
            Map<String, Integer> chosen = ports.get(container.getName());
            ServerSocket collision = attempt == 1 ? collide(chosen) : null;
            StartOutput output = StartOutput.capture();
            try {
                control.beforeStart(container.getContainerConfiguration(), chosen);
                if (attempt == 1) {
                    start.proceed();
                } else {
                    inContainerContext(container, () -> {
                        container.setup();
                        container.start();
                    });
                }
                control.afterStart(container.getContainerConfiguration(), chosen);
                if (collision != null) {
                    closeQuietly(collision);
                    throw new IllegalStateException("started although its port " + collision.getLocalPort()
                            + " was held (it.start.collide)");
                }
                return;
            } catch (Exception | Error failure) {
                stopQuietly(container, control);
                if (collision != null) {
                    closeQuietly(collision); // as a port another process held only for a while: gone by the check below
                }
                List<Integer> taken = taken(chosen);
                if (attempt == ATTEMPTS || taken.isEmpty() && !saysBindFailure(failure) && !output.saysBindFailure()) {
                    throw failure;
                }
                System.out.printf("[it] %s did not start on %s (taken now: %s): starting it again on new ports%n",
                        container.getName(), chosen, taken);
                assign(container);
                control.beforeSetup(container.getContainerConfiguration(), ports.get(container.getName()));
            } finally {
                output.close();
            }
        }
    }

    /**
     * What the test JVM prints while a container starts, kept as well as printed: the adapters copy their server's
     * output there. A server's JVM that could not bind its JMX port says so there and nowhere else ("Port already in
     * use", from its agent), and exits; the adapter then waits out its start-up timeout and says only that the
     * container did not start. By then whatever held the port (an outgoing connection's local port, on a busy
     * machine) may have let it go, so {@link #taken} finds nothing: the output is what tells it was a port.
     */
    private static final class StartOutput extends java.io.OutputStream {
        private static final int KEPT = 1 << 20;
        private final java.io.PrintStream out = System.out;
        private final java.io.PrintStream err = System.err;
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();

        static StartOutput capture() {
            StartOutput output = new StartOutput();
            System.setOut(new java.io.PrintStream(new Tee(output.out, output), true));
            System.setErr(new java.io.PrintStream(new Tee(output.err, output), true));
            return output;
        }

        @Override
        public synchronized void write(int b) {
            if (kept.size() < KEPT) {
                kept.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            kept.write(bytes, offset, Math.max(0, Math.min(length, KEPT - kept.size())));
        }

        synchronized boolean saysBindFailure() {
            return BIND_FAILURE.matcher(kept.toString(java.nio.charset.StandardCharsets.UTF_8)).find();
        }

        @Override
        public void close() {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Writes to both. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        Tee(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
        }
    }

    public void stop(@Observes EventContext<StopContainer> stop) {
        try {
            stop.proceed();
        } finally {
            Container<?> container = stop.getEvent().getContainer();
            ServerControl.of(container.getName()).afterStop(container.getContainerConfiguration());
        }
    }

    /**
     * Fills the container's placeholders with new free ports and the simulator's address. The ports stay
     * bound here until all are chosen, so that no two are the same; the server binds them next.
     */
    private void assign(Container<?> container) {
        ContainerDef definition = container.getContainerConfiguration();
        Map<String, String> template = templates.computeIfAbsent(container.getName(),
                name -> new LinkedHashMap<>(definition.getContainerProperties()));
        Map<String, Integer> chosen = new LinkedHashMap<>();
        List<ServerSocket> reserved = new ArrayList<>();
        try {
            ServerControl.of(container.getName()).ports().forEach(name -> chosen.put(name, reserve(reserved)));
            for (Map.Entry<String, String> property : template.entrySet()) {
                Matcher placeholder = PLACEHOLDER.matcher(property.getValue());
                StringBuilder value = new StringBuilder();
                while (placeholder.find()) {
                    String replacement = placeholder.group(1) == null
                            ? Playtcha.simulator().url().toString()
                            : String.valueOf(chosen.computeIfAbsent(placeholder.group(1), name -> reserve(reserved)));
                    placeholder.appendReplacement(value, Matcher.quoteReplacement(replacement));
                }
                placeholder.appendTail(value);
                definition.overrideProperty(property.getKey(), value.toString());
            }
        } finally {
            reserved.forEach(ContainerStarts::closeQuietly);
        }
        chosen.forEach((name, port) -> System.setProperty("it.port." + name, String.valueOf(port)));
        ports.put(container.getName(), chosen);
    }

    private static int reserve(List<ServerSocket> reserved) {
        try {
            ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            reserved.add(socket);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // it was only held
        }
    }

    /**
     * With {@code -Dit.start.collide=NAME}, the port chosen for NAME is held here through the first attempt, as
     * another process might take it between its choice and the server's bind, and let go before the failure is
     * looked at, as such a process may (an outgoing connection's local port): the run shows that the server is
     * stopped and started again on new ports (its output says so), and is green.
     */
    private static ServerSocket collide(Map<String, Integer> chosen) {
        Integer port = chosen.get(System.getProperty("it.start.collide", ""));
        if (port == null) {
            return null;
        }
        try {
            return new ServerSocket(port, 1);
        } catch (IOException e) {
            throw new IllegalStateException("it.start.collide: cannot hold port " + port, e);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step} as Arquillian runs a container event: in the container's context, which this interceptor precedes. */
    private void inContainerContext(Container<?> container, Step step) throws Exception {
        ContainerContext context = containerContext.get();
        context.activate(container.getName());
        try {
            step.run();
        } finally {
            context.deactivate();
        }
    }

    /** Ours first (Payara's DAS ended by force), then the adapter's stop, which ends and waits for its process. */
    private void stopQuietly(Container<?> container, ServerControl control) {
        control.afterStop(container.getContainerConfiguration());
        if (!control.adapterStops()) {
            return;
        }
        try {
            inContainerContext(container, container::stop);
        } catch (Exception | Error e) {
            System.out.println("[it] stopping " + container.getName() + " after its failed start: " + e);
        }
    }

    /** Those of {@code chosen} that another process holds (the stopped server holds none of them). */
    static List<Integer> taken(Map<String, Integer> chosen) {
        List<Integer> taken = new ArrayList<>();
        for (int port : chosen.values()) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.getLocalPort();
            } catch (IOException e) {
                taken.add(port);
            }
        }
        return taken;
    }

    static boolean saysBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || t.getMessage() != null && BIND_FAILURE.matcher(t.getMessage()).find()) {
                return true;
            }
        }
        return false;
    }
}
