import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a red build failed on, said at its end: every failing test of the Surefire and Failsafe reports
 * (target/surefire-reports, target/failsafe-reports and their per-container directories) with the first
 * lines of its failure (the first twenty; the others with their first line), and, where a failure is a server that did not start, the tail of that module's
 * container logs. Maven itself ends with "There are test failures" per module, far above.
 *
 * <pre>
 * java .ci/Failures.java ROOT [NEWER-THAN-FILE]
 * </pre>
 *
 * Only reports written after NEWER-THAN-FILE was (.ci/run touches one before the build) are read, so a
 * report left by an earlier build is not taken for this one's. Exit status 0; it prints, nothing more.
 * Run by .ci/run after a failed verify; FailuresScriptTest (readme-tests) feeds it a failing report.
 */
public final class Failures {

    private static final int FAILURE_LINES = 12;
    private static final int IN_FULL = 20;
    private static final int LOG_LINES = 30;
    private static final Pattern REPORT = Pattern.compile("TEST-.*\\.xml");
    private static final Pattern REPORTS_DIR = Pattern.compile("(surefire|failsafe)-reports");
    /** What a failure says when a server a test starts did not start (Arquillian, asadmin, our own retries). */
    private static final Pattern NOT_STARTED = Pattern.compile(
            "(?i)could not start container|cannot start|failed to start|LifecycleException|not started within"
            + "|Address already in use|BindException|is already in use|start-domain");
    /** The container logs the IT modules write under their target directory. */
    private static final Pattern CONTAINER_LOG = Pattern.compile("server\\.log|messages\\.log|console\\.log|catalina\\..*\\.log");
    /**
     * What a test run's own output (Failsafe's {@code *-output.txt}, where the adapters copy their server's output) says
     * of a server's JVM that could not start: its JMX agent's bind failure is printed there and in no container log.
     */
    private static final Pattern START_TROUBLE = Pattern.compile(
            "(?i)already in use|BindException|Exception thrown by the agent|did not start on");

    private Failures() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        FileTime since = args.length > 1 ? Files.getLastModifiedTime(Path.of(args[1])) : FileTime.fromMillis(0);
        List<Path> reports = reports(root, since);
        List<Path> notStarted = new ArrayList<>();
        int failed = 0;
        for (Path report : reports) {
            for (String failure : failures(report)) {
                failed++;
                // past the first ones, a line each: a container that did not start fails every test of its run
                System.out.println(failed <= IN_FULL ? failure : failure.lines().limit(2).reduce((a, b) -> a + "\n" + b).orElse(""));
                Path module = module(report);
                if (NOT_STARTED.matcher(failure).find() && !notStarted.contains(module)) {
                    notStarted.add(module);
                }
            }
        }
        if (failed == 0) {
            System.out.println("No failing test in the reports under " + root.toAbsolutePath().normalize()
                    + ": the build failed elsewhere (Maven's first ERROR lines above say where).");
        } else {
            System.out.println(failed + " failing test(s), above.");
        }
        for (Path module : notStarted) {
            containerLogs(module);
        }
    }

    private static List<Path> reports(Path root, FileTime since) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> REPORT.matcher(f.getFileName().toString()).matches())
                    .filter(f -> underReports(f) && modifiedAfter(f, since))
                    .sorted().toList();
        }
    }

    private static boolean underReports(Path file) {
        for (Path part : file) {
            if (REPORTS_DIR.matcher(part.toString()).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean modifiedAfter(Path file, FileTime since) {
        try {
            return Files.getLastModifiedTime(file).compareTo(since) >= 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One paragraph per failing or erring test case of a report. */
    private static List<String> failures(Path report) throws Exception {
        Element suite;
        try {
            suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile()).getDocumentElement();
        } catch (org.xml.sax.SAXException | IOException cut) { // a report cut short: a full disk, a killed JVM
            return List.of("UNREADABLE " + report + " (" + cut.getMessage() + "): its run ended while writing it; "
                    + "the module's console output above says what it was doing");
        }
        List<String> said = new ArrayList<>();
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element testCase = (Element) cases.item(i);
            for (String kind : List.of("failure", "error")) {
                NodeList found = testCase.getElementsByTagName(kind);
                if (found.getLength() > 0) {
                    said.add(paragraph(report, testCase, kind, (Element) found.item(0)));
                }
            }
        }
        return said;
    }

    private static String paragraph(Path report, Element testCase, String kind, Element failure) {
        StringBuilder text = new StringBuilder();
        text.append("FAILED ").append(testCase.getAttribute("classname")).append('.').append(testCase.getAttribute("name"))
                .append(" (").append(kind).append(", ").append(report.getParent()).append(")\n");
        String body = failure.getTextContent().isBlank()
                ? failure.getAttribute("type") + ": " + failure.getAttribute("message")
                : failure.getTextContent();
        body.lines().filter(l -> !l.isBlank()).limit(FAILURE_LINES).forEach(l -> text.append("    ").append(l.strip()).append('\n'));
        return text.toString();
    }

    /** The module directory of a report: the parent of its target directory. */
    private static Path module(Path report) {
        for (Path dir = report; dir != null; dir = dir.getParent()) {
            if (dir.getFileName() != null && dir.getFileName().toString().equals("target")) {
                return dir.getParent() == null ? Path.of(".") : dir.getParent();
            }
        }
        return report.getParent();
    }

    private static void containerLogs(Path module) throws IOException {
        Path target = module.resolve("target");
        List<Path> logs;
        try (Stream<Path> files = Files.walk(target)) {
            logs = files.filter(f -> CONTAINER_LOG.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f))
                    .sorted(Comparator.comparing(Failures::modified).reversed()).limit(3).toList();
        }
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            System.out.println("--- the last " + Math.min(LOG_LINES, lines.size()) + " lines of " + log + " ---");
            lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()).forEach(System.out::println);
        }
        List<Path> outputs;
        try (Stream<Path> files = Files.walk(target)) {
            outputs = files.filter(f -> f.getFileName().toString().endsWith("-output.txt") && underReports(f))
                    .sorted(Comparator.comparing(Failures::modified).reversed()).limit(3).toList();
        }
        for (Path output : outputs) {
            List<String> said = Files.readAllLines(output, java.nio.charset.StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> START_TROUBLE.matcher(l).find()).limit(5).toList();
            if (!said.isEmpty()) {
                System.out.println("--- what " + output + " says of a start ---");
                said.forEach(System.out::println);
            }
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
