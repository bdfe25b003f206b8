package com.playtcha.jakarta.cluster.jdbc;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts a test's child JVM (a node of a cluster test): this JVM's java, its {@code -X} flags (the
 * root pom's {@code test.jvm.flags}: C1, SerialGC in a small young generation; design/build.md, "The machine's page
 * faults") and its class path, then the child's main class and arguments.
 */
final class ChildJava {

    private ChildJava() {
    }

    static List<String> command(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("-X")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
