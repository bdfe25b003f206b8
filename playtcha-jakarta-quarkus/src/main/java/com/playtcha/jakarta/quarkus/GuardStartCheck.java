package com.playtcha.jakarta.quarkus;

import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fails the application's start, with {@code playtcha.login.require} set, where a password could be checked
 * without the login guard deciding it first, naming each bean or class and what to do: Quarkus below
 * {@value #FLOOR}; another provider of {@code UsernamePasswordAuthenticationRequest} at the guard's priority; a
 * provider of a subclass of it, of a request type carrying a {@code PasswordCredential}, or of an application's
 * request type not declared passwordless; an application's {@code HttpAuthenticationMechanism} not acknowledged, a bean
 * (named by its type, also when a producer made it) or a class the build found (one handed to the programmatic
 * {@code HttpSecurity} API is no bean); what the build found of providers the application's code can call past the guard
 * ({@link GuardBuildCheck}), where the build could not fail. Without the key nothing is checked: the guard is inert. The
 * settings it reads, {@code playtcha.quarkus.passwordless-requests} and {@code playtcha.quarkus.own-mechanisms}:
 * {@link QuarkusGuardSettings}. A mechanism of Quarkus's ({@code io.quarkus.*}) needs no word: each hands its passwords
 * to the manager. Why each refusal, and what it cannot see: docs/quarkus.md, "What the guard refuses at build or start".
 */
@Singleton
final class GuardStartCheck {

    /** The oldest Quarkus line the guard is tested against and supports: an LTS line. */
    static final String FLOOR = "3.27";

    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");
    /** How every refusal of the start or the build begins, before what it names. */
    static final String CANNOT_SEE = "playtcha.login.require is set, but Playtcha's login guard cannot see every password check: ";
    /** Where every refusal of the start or the build points. */
    static final String HELP = " (docs/quarkus.md, \"What the guard refuses at build or start\")";

    private final QuarkusGuardSettings settings;
    private final ApplicationProviders providers;
    private final Instance<HttpAuthenticationMechanism> mechanisms;
    private final BuildFindings build;

    @Inject
    GuardStartCheck(QuarkusGuardSettings settings, ApplicationProviders providers,
            @Any Instance<HttpAuthenticationMechanism> mechanisms, BuildFindings build) {
        this.settings = settings;
        this.providers = providers;
        this.mechanisms = mechanisms;
        this.build = build;
    }

    void started(@Observes StartupEvent event) {
        if (!settings.on()) {
            return;
        }
        String version = StartupEvent.class.getPackage().getImplementationVersion();
        if (belowFloor(version)) {
            throw new IllegalStateException("playtcha.login.require is set, but Playtcha's login guard needs Quarkus " + FLOOR
                    + " or later, and this application runs Quarkus " + version + ": upgrade Quarkus (" + FLOOR
                    + ", an LTS line, or later), or remove playtcha.login.require" + HELP);
        }
        List<String> problems = new ArrayList<>();
        problems.addAll(providerProblems(settings.passwordlessRequests()));
        problems.addAll(mechanismProblems(settings.ownMechanisms()));
        problems.addAll(build.problems());
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

    /** The providers the guard cannot stand in front of, each named with what to do. */
    private List<String> providerProblems(Set<String> passwordless) {
        List<String> problems = new ArrayList<>();
        for (Instance.Handle<IdentityProvider<?>> handle : providers.all()) {
            IdentityProvider<?> provider = handle.get();
            String bean = typeOf(handle.getBean(), IdentityProvider.class, () -> provider);
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
                    + " request's exact class, whatever " + QuarkusGuardSettings.PASSWORDLESS_REQUESTS + " says)" + instead);
        }
        Optional<String> password = passwordMember(type);
        if (password.isPresent()) {
            return Optional.of(checks + ", which carries a password (" + password.get() + ") the guard never sees, whatever "
                    + QuarkusGuardSettings.PASSWORDLESS_REQUESTS + " says" + instead);
        }
        if (!ApplicationProviders.applications(type.getName()) || passwordless.contains(type.getName())) {
            return Optional.empty();
        }
        return Optional.of(checks + ", an application's request type the guard cannot read: if it carries no password (a"
                + " token, a key), name it in " + QuarkusGuardSettings.PASSWORDLESS_REQUESTS + "; if it carries one" + instead);
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

    /**
     * The application's mechanisms not acknowledged in {@code playtcha.quarkus.own-mechanisms}, each named by its type with
     * what to do: the beans (a producer's by the type it made) and the classes the build found, beans or not.
     */
    private List<String> mechanismProblems(Set<String> acknowledged) {
        Set<String> named = new TreeSet<>(build.mechanisms());
        for (Instance.Handle<HttpAuthenticationMechanism> handle : mechanisms.handles()) {
            named.add(typeOf(handle.getBean(), HttpAuthenticationMechanism.class, handle::get));
        }
        List<String> problems = new ArrayList<>();
        for (String name : named) {
            if (ApplicationProviders.applications(name) && !acknowledged.contains(name)) {
                problems.add(name + " is an HttpAuthenticationMechanism of the application's, which may check passwords without"
                        + " the identity providers: if it checks none, or hands each to the IdentityProviderManager as a"
                        + " UsernamePasswordAuthenticationRequest, name it in " + QuarkusGuardSettings.OWN_MECHANISMS + "; if it"
                        + " checks them itself, make it hand them to the IdentityProviderManager");
            }
        }
        return problems;
    }

    /**
     * The type {@code bean} is known by as a {@code contract}: the most specific of its bean types that implements it (a
     * class bean's class; the type a producer declares), else, where a producer declares only the contract, the class of
     * the {@code instance} it made, unwrapped from ArC's client proxy (asked for only then: a bean named by its types is
     * not created for its name).
     */
    static String typeOf(Bean<?> bean, Class<?> contract, Supplier<?> instance) {
        Class<?> best = null;
        for (java.lang.reflect.Type type : bean.getTypes()) {
            Class<?> raw = type instanceof Class<?> c ? c
                    : type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c ? c : null;
            if (raw != null && raw != contract && contract.isAssignableFrom(raw) && (best == null || best.isAssignableFrom(raw))) {
                best = raw;
            }
        }
        return best != null ? best.getName() : ClientProxy.unwrap(instance.get()).getClass().getName();
    }
}
