package com.playtcha.jakarta;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a package may import, as its {@code package-info.java} says it in one sentence: the one source of the
 * import rules, which {@link ArchitectureTest} reads and holds every package to. The sentence begins with
 * {@code May import:} and runs to its first full stop; what follows it (what the package must not import,
 * and why) is prose. Its entries are separated by semicolons. In an entry:
 * <ul>
 *   <li>each {@code {@code name}} of lower-case words is allowed: a package of ours, named after
 *       {@code com.playtcha.jakarta.} ({@code spi.store}, exactly that package), when its first word is one of
 *       ours; else the package prefix of an API ({@code jakarta.servlet} allows {@code jakarta.servlet.http});</li>
 *   <li>{@code in {@code Class}}, or several joined by commas and {@code and}, scopes the entry to those
 *       classes of the package; words after that run are prose.</li>
 * </ul>
 * The JDK is always allowed, and a package may always name itself. A capitalised {@code {@code Name}} before
 * {@code in} is prose ({@code spi} (whose {@code VerifierFactory} reads the settings)).
 *
 * @param entries the sentence's entries, in order
 */
record PackageRule(List<Entry> entries) {

    /** One entry: what it allows, of ours and of APIs, and the classes it is for (none: every class). */
    record Entry(Set<String> ours, Set<String> apis, Set<String> only) {
        boolean covers(String className) {
            return only.isEmpty() || only.contains(className);
        }
    }

    private static final Pattern SENTENCE = Pattern.compile("May import:(.*?)\\.(?=\\s|$)", Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("\\{@code ([^}]*)}");
    private static final Pattern LOWER_CASE = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)*");
    private static final Pattern SCOPE = Pattern.compile(
            "\\bin (\\{@code [A-Z]\\w*}(?:\\s*(?:,|,?\\s*and)\\s*\\{@code [A-Z]\\w*})*)");
    private static final Pattern CLASS = Pattern.compile("\\{@code ([A-Z]\\w*)}");

    /**
     * The rule a package-info's Javadoc states, its first words of each package of ours in {@code ourRoots}
     * ({@code core}, {@code spi}, {@code cluster}, ...).
     *
     * @throws IllegalArgumentException when it has no {@code May import:} sentence
     */
    static PackageRule read(String packageInfo, Set<String> ourRoots) {
        String text = packageInfo.replaceAll("(?m)^\\s*/?\\*+/?\\s?", " ").replaceAll("\\s+", " ");
        Matcher sentence = SENTENCE.matcher(text);
        if (!sentence.find()) {
            throw new IllegalArgumentException("no \"May import: ...\" sentence");
        }
        List<Entry> entries = new ArrayList<>();
        for (String entry : sentence.group(1).split(";")) {
            entries.add(entry(entry, ourRoots));
        }
        return new PackageRule(List.copyOf(entries));
    }

    private static Entry entry(String text, Set<String> ourRoots) {
        Matcher scope = SCOPE.matcher(text);
        boolean scoped = scope.find();
        Set<String> only = new LinkedHashSet<>();
        if (scoped) {
            Matcher named = CLASS.matcher(scope.group(1));
            while (named.find()) {
                only.add(named.group(1));
            }
        }
        Set<String> ours = new LinkedHashSet<>();
        Set<String> apis = new LinkedHashSet<>();
        Matcher code = CODE.matcher(scoped ? text.substring(0, scope.start()) : text);
        while (code.find()) {
            String name = code.group(1).trim();
            if (LOWER_CASE.matcher(name).matches()) {
                (ourRoots.contains(name.split("\\.")[0]) ? ours : apis).add(name);
            }
        }
        return new Entry(Set.copyOf(ours), Set.copyOf(apis), Set.copyOf(only));
    }

    /** Whether {@code className} of this package may name our package {@code named}. */
    boolean mayName(String className, String named) {
        return entries.stream().anyMatch(e -> e.covers(className) && e.ours().contains(named));
    }

    /** Whether {@code className} of this package may import {@code imported}, a name of an API's. */
    boolean mayImport(String className, String imported) {
        return entries.stream().anyMatch(e -> e.covers(className)
                && e.apis().stream().anyMatch(api -> imported.equals(api) || imported.startsWith(api + ".")));
    }

    /**
     * What the rule names that is not there: a package of ours not in {@code ourPackages}, a class not in
     * {@code classes} (the package's own), an API named by one word.
     */
    List<String> unknown(Set<String> ourPackages, Set<String> classes) {
        List<String> unknown = new ArrayList<>();
        for (Entry entry : entries) {
            entry.ours().stream().filter(name -> !ourPackages.contains(name)).forEach(name -> unknown.add("package " + name));
            entry.only().stream().filter(name -> !classes.contains(name)).forEach(name -> unknown.add("class " + name));
            entry.apis().stream().filter(name -> !name.contains(".")).forEach(name -> unknown.add("API " + name));
        }
        return unknown;
    }
}
