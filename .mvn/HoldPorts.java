import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Holds, for as long as the Maven build that started it runs, every port a server of this build would
 * take if nothing said otherwise, so that the suite is green only if no test depends on one of them being
 * free: the containers' defaults (Tomcat 8080, 8005, 8009, 8443; WildFly 9990, 9993, 4712, 4713; Open Liberty
 * 9080, 9443; Payara 4848, 8181, 3700, 3820, 3920, 7676, 8686, 9009, 6666 and its Hazelcast's 4900, 5900),
 * Hazelcast's 5701-5703, Redis's 6379, PostgreSQL's 5432, and 18731-18735, where the examples' simulators
 * once listened. Not the README simulator command's 8089 and 8090: readme-tests runs it as written when
 * they are free (the README's demo, whose 8080 is held, says it takes a free port then).
 *
 * <p>The root pom starts it at the start of a build that runs tests (not with -DskipTests, so the README's
 * demo still gets 8080), in the background; it ends with that build (Maven ends it, and it ends by itself
 * when its parent process is gone). A port another program holds already is left to it: it is no freer for
 * this build (a second build of this project beside this one holds them all). It writes its pid, the ports it
 * holds and the ports it found taken to target/held-ports.txt, which HeldPortsTest (readme-tests, which runs
 * after the modules that start servers) reads to show the suite ran beside them.
 *
 * <pre>
 * java .mvn/HoldPorts.java target/held-ports.txt
 * </pre>
 */
public final class HoldPorts {

    static final List<Integer> DEFAULTS = List.of(8080, 8005, 8009, 8443, 9990, 9993, 4712, 4713, 9080, 9443,
            4848, 8181, 3700, 3820, 3920, 7676, 8686, 9009, 6666, 4900, 5900, 5701, 5702, 5703, 6379, 5432,
            18731, 18732, 18733, 18734, 18735);

    private HoldPorts() {
    }

    public static void main(String[] args) throws Exception {
        // Maven ends it at the build's end (SIGTERM): exit 0 then, or exec-maven-plugin reports "Async process failed"
        // (exit 143) as an ERROR line at the end of a green build's log, as it did in a loaded run.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Runtime.getRuntime().halt(0)));
        List<ServerSocket> held = new ArrayList<>();
        List<Integer> taken = new ArrayList<>();
        for (int port : DEFAULTS) {
            try {
                held.add(new ServerSocket(port, 1)); // every address, as a server binding 0.0.0.0 would
            } catch (IOException another) {
                taken.add(port); // another program's: it holds it for us
            }
        }
        for (ServerSocket socket : held) {
            // A client that connects anyway is cut off at once, so a hidden dependency fails fast rather than hangs.
            Thread refuse = new Thread(() -> {
                while (true) {
                    try {
                        socket.accept().close();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "refuse-" + socket.getLocalPort());
            refuse.setDaemon(true);
            refuse.start();
        }
        String ports = held.stream().map(s -> String.valueOf(s.getLocalPort())).collect(Collectors.joining(" "));
        Path record = Path.of(args.length > 0 ? args[0] : "target/held-ports.txt");
        Files.createDirectories(record.toAbsolutePath().getParent());
        String others = taken.stream().map(String::valueOf).collect(Collectors.joining(" "));
        Files.writeString(record, ProcessHandle.current().pid() + "\n" + ports + "\n" + others + "\n");
        System.out.println("HoldPorts: holding " + ports + " while the build runs"
                + (taken.isEmpty() ? "" : "; taken by another program already: " + others));
        ProcessHandle.current().parent().map(ProcessHandle::onExit).orElseThrow().join();
    }
}
