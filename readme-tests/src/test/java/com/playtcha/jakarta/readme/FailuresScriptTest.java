package com.playtcha.jakarta.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * .ci/run's last words on a red build (.ci/Failures.java), fed reports as Surefire and Failsafe write
 * them: each failing test by name with the first lines of its failure, the tail of the container's log
 * where a server did not start, and nothing from a report an earlier build left.
 */
class FailuresScriptTest {

    private static final Path SCRIPT = ReadmeCommands.ROOT.resolve(".ci/Failures.java");
    private static final Duration RUN = Duration.ofMinutes(2);

    @TempDir
    Path root;

    @Test
    void failingTests_areNamed_withTheirCause_andAServerThatDidNotStart_withItsLogsTail() throws Exception {
        Path marker = Files.createFile(root.resolve("started"));
        Files.setLastModifiedTime(marker, FileTime.from(Instant.now().minusSeconds(60)));
        report("app/target/surefire-reports", "com.example.SignupTest", """
                <testcase name="rateLimited_sendsRetryAfter" classname="com.example.SignupTest" time="0.2">
                  <failure message="expected: &lt;200&gt; but was: &lt;429&gt;" type="org.opentest4j.AssertionFailedError"><![CDATA[\
                org.opentest4j.AssertionFailedError: expected: <200> but was: <429>
                	at org.junit.jupiter.api.AssertionFailureBuilder.build(AssertionFailureBuilder.java:151)
                ]]></failure>
                </testcase>
                <testcase name="passes" classname="com.example.SignupTest" time="0.1"/>""");
        report("it/target/failsafe-reports/payara", "com.example.PayaraLoginIT", """
                <testcase name="" classname="com.example.PayaraLoginIT" time="0">
                  <error type="org.jboss.arquillian.container.spi.client.container.LifecycleException"><![CDATA[\
                org.jboss.arquillian.container.spi.client.container.LifecycleException: Could not start container
                ]]></error>
                </testcase>""");
        Path log = root.resolve("it/target/payara/domains/playtcha-it/logs/server.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "starting\njava.net.BindException: Address already in use\n");
        Files.writeString(root.resolve("it/target/failsafe-reports/payara/com.example.PayaraLoginIT-output.txt"),
                "INFO: Starting Tomcat with: [java]\nError: Exception thrown by the agent : java.rmi.server.ExportException: "
                        + "Port already in use: 37345; nested exception is:\nother line\n");
        Path stale = report("old/target/surefire-reports", "com.example.OldTest", """
                <testcase name="failedLastWeek" classname="com.example.OldTest" time="0">
                  <failure message="old" type="java.lang.AssertionError"/>
                </testcase>""");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3600)));

        String said = run(marker);

        assertTrue(said.contains("FAILED com.example.SignupTest.rateLimited_sendsRetryAfter (failure"), said);
        assertTrue(said.contains("AssertionFailedError: expected: <200> but was: <429>"), said);
        assertFalse(said.contains("SignupTest.passes"), said);
        assertTrue(said.contains("FAILED com.example.PayaraLoginIT. (error"), said);
        assertTrue(said.contains("Could not start container"), said);
        assertTrue(said.contains("server.log ---"), said);
        assertTrue(said.contains("java.net.BindException: Address already in use"), said);
        assertTrue(said.contains("PayaraLoginIT-output.txt says of a start ---"), said);
        assertTrue(said.contains("Error: Exception thrown by the agent : java.rmi.server.ExportException: Port already in use: 37345"),
                said);
        assertFalse(said.contains("other line"), said);
        assertTrue(said.contains("2 failing test(s)"), said);
        assertFalse(said.contains("OldTest"), "an earlier build's report: " + said);
    }

    @Test
    void noFailingReport_saysTheBuildFailedElsewhere() throws Exception {
        Path marker = Files.createFile(root.resolve("started"));

        assertTrue(run(marker).contains("No failing test in the reports"));
    }

    @Test
    void aReportCutShort_isNamedUnreadable_andTheOthersStillRead() throws Exception {
        Path marker = Files.createFile(root.resolve("started"));
        Files.setLastModifiedTime(marker, FileTime.from(Instant.now().minusSeconds(60)));
        Path cut = root.resolve("payara/target/failsafe-reports/TEST-com.example.PayaraLoginValveIT.xml");
        Files.createDirectories(cut.getParent());
        Files.writeString(cut, "<?xml version=\"1.0\"?>\n<testsuite name=\"x\"><testcase name=\"a\">"); // the disk filled up
        report("core/target/surefire-reports", "com.example.SignupTest", """
                <testcase name="rateLimited" classname="com.example.SignupTest"><failure message="m">AssertionFailedError: expected
                </failure></testcase>""");

        String said = run(marker);

        assertTrue(said.contains("UNREADABLE") && said.contains("PayaraLoginValveIT"), said);
        assertTrue(said.contains("FAILED com.example.SignupTest.rateLimited"), said);
    }

    private Path report(String dir, String testClass, String cases) throws IOException {
        Path file = root.resolve(dir).resolve("TEST-" + testClass + ".xml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="%s" tests="2" failures="1" errors="0" skipped="0">
                %s
                </testsuite>
                """.formatted(testClass, cases));
        return file;
    }

    private String run(Path marker) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), SCRIPT.toString(), root.toString(), marker.toString()))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(RUN.toSeconds(), TimeUnit.SECONDS), "the script did not end");
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
