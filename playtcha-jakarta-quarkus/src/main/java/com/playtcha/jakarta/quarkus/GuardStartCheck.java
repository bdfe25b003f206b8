package com.playtcha.jakarta.quarkus;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Fails the application's start, with {@code playtcha.login.require} set, where a password could be checked
 * without the login guard deciding it first, naming each bean or class and what to do: Quarkus below
 * {@value #FLOOR}; another provider of {@code UsernamePasswordAuthenticationRequest} at the guard's priority; a
 * provider of a subclass of it, of a request type carrying a {@code PasswordCredential}, or of an application's
 * request type not declared passwordless; an application's {@code HttpAuthenticationMechanism} not acknowledged; a
 * concrete identity provider injected where the build could not fail ({@link GuardBuildCheck}). Without the key
 * nothing is checked: the guard is inert. Settings, read with MicroProfile Config:
 * <ul>
 * <li>{@value #PASSWORDLESS_REQUESTS}: fully qualified names of the application's request types that carry no
 * password (a token, a key); their providers may run without the guard.</li>
 * <li>{@value #OWN_MECHANISMS}: fully qualified names of the application's mechanisms that check no password
 * themselves (they check none, or hand every one to the {@code IdentityProviderManager}).</li>
 * </ul>
 * A mechanism of Quarkus's ({@code io.quarkus.*}) needs no word: each hands its passwords to the manager.
 * Why each refusal, and what it cannot see: docs/quarkus.md, "What the guard refuses at build or start".
 */
@Singleton
final class GuardStartCheck {

    /** The oldest Quarkus line the guard is tested against and supports: an LTS line. */
    static final String FLOOR = "3.27";
    /** The application's request types that carry no password. */
    static final String PASSWORDLESS_REQUESTS = "playtcha.quarkus.passwordless-requests";
    /** The application's mechanisms that check no password themselves. */
    static final String OWN_MECHANISMS = "playtcha.quarkus.own-mechanisms";

    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");
    /** How every refusal of the start or the build begins, before what it names. */
    static final String CANNOT_SEE = "playtcha.login.require is set, but Playtcha's login guard cannot see every password check: ";
    /** Where every refusal of the start or the build points. */
    static final String HELP = " (docs/quarkus.md, \"What the guard refuses at build or start\")";

    private final Instance<IdentityProvider<?>> providers;
    private final Instance<HttpAuthenticationMechanism> mechanisms;
    private final ProviderInjections injections;

    @Inject
    GuardStartCheck(@Any Instance<IdentityProvider<?>> providers, @Any Instance<HttpAuthenticationMechanism> mechanisms,
            ProviderInjections injections) {
        this.providers = providers;
        this.mechanisms = mechanisms;
        this.injections = injections;
    }

    void started(@Observes StartupEvent event) {
        if (!QuarkusLoginGuard.switchedOn()) {
            return;
        }
        Config config = ConfigProvider.getConfig();
        String version = StartupEvent.class.getPackage().getImplementationVersion();
        if (belowFloor(version)) {
            throw new IllegalStateException("playtcha.login.require is set, but Playtcha's login guard needs Quarkus " + FLOOR
                    + " or later, and this application runs Quarkus " + version + ": upgrade Quarkus (" + FLOOR
                    + ", an LTS line, or later), or remove playtcha.login.require" + HELP);
        }
        List<String> problems = new ArrayList<>();
        problems.addAll(providerProblems(Set.copyOf(names(config, PASSWORDLESS_REQUESTS))));
        problems.addAll(mechanismProblems(Set.copyOf(names(config, OWN_MECHANISMS))));
        problems.addAll(injections.problems());
        if (!problems.isEmpty()) {
            throw new IllegalStateException(CANNOT_SEE + String.join("; ", problems) + HELP);
        }
    }

    /**
     * Whether {@code version} (Quarkus's, like {@code 3.33.2} or {@code 999-SNAPSHOT}) is a line below {@value #FLOOR};
     * a version that does not start with a major and minor number (or none at all) is not known to be.
     */
    static boolean belowFloor(String version) {
        Matcher read = MAJOR_MINOR.matcher(version == null ? "" : version);
        Matcher floor = MAJOR_MINOR.matcher(FLOOR);
        if (!read.find() || !floor.find()) {
            return false;
        }
        int major = Integer.parseInt(read.group(1));
        int floorMajor = Integer.parseInt(floor.group(1));
        return major < floorMajor || major == floorMajor && Integer.parseInt(read.group(2)) < Integer.parseInt(floor.group(2));
    }

    private static List<String> names(Config config, String key) {
        return config.getOptionalValues(key, String.class).orElse(List.of()).stream().map(String::trim).toList();
    }

    /** The providers the guard cannot stand in front of, each named with what to do. */
    private List<String> providerProblems(Set<String> passwordless) {
        List<String> problems = new ArrayList<>();
        for (Instance.Handle<IdentityProvider<?>> handle : providers.handles()) {
            String bean = handle.getBean().getBeanClass().getName();
            if (handle.getBean().getBeanClass() == QuarkusLoginGuard.class) {
                continue;
            }
            IdentityProvider<?> provider = handle.get();
            Class<?> type = provider.getRequestType();
            if (type == UsernamePasswordAuthenticationRequest.class) {
                if (provider.priority() >= QuarkusLoginGuard.PRIORITY) {
                    problems.add(bean + " has the login guard's priority (" + provider.priority()
                            + "): give it a lower one, so that the guard decides first");
                }
            } else {
                requestProblem(bean, type, passwordless).ifPresent(problems::add);
            }
        }
        return problems;
    }

    /** Why the guard cannot see the checks of {@code bean}, a provider of {@code type}; empty when it need not. */
    private static Optional<String> requestProblem(String bean, Class<?> type, Set<String> passwordless) {
        String checks = bean + " checks " + type.getName();
        String instead = ": make its mechanism create a UsernamePasswordAuthenticationRequest, which the guard decides";
        if (UsernamePasswordAuthenticationRequest.class.isAssignableFrom(type)) {
            return Optional.of(checks + ", a user name and password the guard never sees (Quarkus asks the providers of a"
                    + " request's exact class, whatever " + PASSWORDLESS_REQUESTS + " says)" + instead);
        }
        Optional<String> password = passwordMember(type);
        if (password.isPresent()) {
            return Optional.of(checks + ", which carries a password (" + password.get() + ") the guard never sees, whatever "
                    + PASSWORDLESS_REQUESTS + " says" + instead);
        }
        if (type.getName().startsWith("io.quarkus.") || passwordless.contains(type.getName())) {
            return Optional.empty();
        }
        return Optional.of(checks + ", an application's request type the guard cannot read: if it carries no password (a"
                + " token, a key), name it in " + PASSWORDLESS_REQUESTS + "; if it carries one" + instead);
    }

    /** A field or getter of {@code type} (or its superclasses) holding a {@code PasswordCredential}, as {@code Type.member}. */
    static Optional<String> passwordMember(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (PasswordCredential.class.isAssignableFrom(field.getType())) {
                    return Optional.of(c.getSimpleName() + "." + field.getName());
                }
            }
            for (Method method : c.getDeclaredMethods()) {
                if (method.getParameterCount() == 0 && PasswordCredential.class.isAssignableFrom(method.getReturnType())) {
                    return Optional.of(c.getSimpleName() + "." + method.getName() + "()");
                }
            }
        }
        return Optional.empty();
    }

    /** The application's mechanisms not acknowledged in {@value #OWN_MECHANISMS}, each named with what to do. */
    private List<String> mechanismProblems(Set<String> acknowledged) {
        List<String> problems = new ArrayList<>();
        for (Instance.Handle<HttpAuthenticationMechanism> handle : mechanisms.handles()) {
            String name = handle.getBean().getBeanClass().getName();
            if (!name.startsWith("io.quarkus.") && !acknowledged.contains(name)) {
                problems.add(name + " is an HttpAuthenticationMechanism of the application's, which may check passwords without"
                        + " the identity providers: if it checks none, or hands each to the IdentityProviderManager as a"
                        + " UsernamePasswordAuthenticationRequest, name it in " + OWN_MECHANISMS + "; if it checks them itself,"
                        + " make it hand them to the IdentityProviderManager");
            }
        }
        return problems;
    }
}
