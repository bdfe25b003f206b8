package com.playtcha.jakarta.quarkus;

import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import jakarta.enterprise.inject.build.compatible.spi.BeanInfo;
import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.Enhancement;
import jakarta.enterprise.inject.build.compatible.spi.InjectionPointInfo;
import jakarta.enterprise.inject.build.compatible.spi.Messages;
import jakarta.enterprise.inject.build.compatible.spi.Registration;
import jakarta.enterprise.inject.build.compatible.spi.Synthesis;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticComponents;
import jakarta.enterprise.lang.model.declarations.ClassInfo;
import jakarta.enterprise.lang.model.declarations.DeclarationInfo;
import jakarta.enterprise.lang.model.types.Type;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Finds, when Quarkus builds the application (ArC runs this CDI Lite extension, listed in
 * {@code META-INF/services/jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension}), every way the
 * application's code can hold an identity provider and call it past the login guard (and Quarkus's chain of providers
 * with it):
 * <ul>
 * <li>an injection point of a provider: the {@code IdentityProvider} interface with any qualifier, or a class or
 * interface implementing it, directly or in an {@code Instance}, {@code InjectableInstance}, {@code Provider} or
 * {@code List} ({@code @All}), such as
 * <pre>{@code @Inject @Named("users") IdentityProvider<UsernamePasswordAuthenticationRequest> users; // users.authenticate(...)}</pre></li>
 * <li>a producer method or field of a provider (the code that made it holds it);</li>
 * <li>a class implementing {@code IdentityProvider} that is no bean (Quarkus's manager never asks it).</li>
 * </ul>
 * Where {@code playtcha.login.require} is in the build's configuration ({@code application.properties}) the build fails,
 * naming each with what to do (inject {@code IdentityProviderManager} and call it); otherwise what it found goes to the
 * start ({@link GuardStartCheck}), which fails when the key is set only there. It also hands the start the application's
 * classes implementing {@code HttpAuthenticationMechanism}, beans or not (one given to the programmatic
 * {@code HttpSecurity} API is none), which the start refuses unless acknowledged. Quarkus's own ({@code io.quarkus.*}) and
 * the guard's are not looked at; nor is what the application's classes do not show (a lookup by hand such as
 * {@code Arc.container().instance(...)}, a class of another jar that Quarkus does not index).
 */
public class GuardBuildCheck implements BuildCompatibleExtension {

    private static final String PROVIDER = IdentityProvider.class.getName();
    /** The types whose argument is what is injected: {@code Instance<X>} looks up an {@code X}. */
    private static final Set<String> LOOKUPS = Set.of("jakarta.enterprise.inject.Instance", "jakarta.inject.Provider",
            "io.quarkus.arc.InjectableInstance", "java.util.List");
    private static final String INSTEAD = ", a provider it can call directly, without the guard: inject IdentityProviderManager"
            + " instead and call its authenticate or authenticateBlocking with the request (a provider injected to read"
            + " something else, such as its counts, keeps that in a bean of its own, injected instead)";

    private final List<String> found = new ArrayList<>();
    private final Set<String> providerClasses = new TreeSet<>();
    private final Set<String> mechanismClasses = new TreeSet<>();
    private final Set<String> beanClasses = new HashSet<>();
    private final Set<String> producedTypes = new HashSet<>();

    /** The application's concrete classes implementing {@code IdentityProvider}, beans or not. */
    @Enhancement(types = IdentityProvider.class, withSubtypes = true)
    public void provider(ClassInfo type) {
        if (applications(type)) {
            providerClasses.add(type.name());
        }
    }

    /** The application's concrete classes implementing {@code HttpAuthenticationMechanism}, beans or not. */
    @Enhancement(types = HttpAuthenticationMechanism.class, withSubtypes = true)
    public void mechanism(ClassInfo type) {
        if (applications(type)) {
            mechanismClasses.add(type.name());
        }
    }

    /** Each bean's injection points of a provider, and each producer of one: refused now or remembered for the start. */
    @Registration(types = Object.class)
    public void inspect(BeanInfo bean, Messages messages) {
        if (bean.isSynthetic() || bean.declaringClass() == null) {
            return;
        }
        String owner = bean.declaringClass().name();
        if (bean.isClassBean()) {
            beanClasses.add(owner);
        }
        if (!ApplicationProviders.applications(owner)) {
            return;
        }
        for (InjectionPointInfo point : bean.injectionPoints()) {
            ClassInfo provider = provider(point.type());
            if (provider != null) {
                problem(owner + " injects " + provider.name() + " (" + where(point.declaration()) + ")" + INSTEAD, bean, messages);
            }
        }
        if (bean.isProducerMethod() || bean.isProducerField()) {
            for (Type type : bean.types()) {
                ClassInfo produced = provider(type);
                if (produced != null) {
                    producedTypes.add(produced.name());
                    String producer = bean.isProducerMethod() ? "method " + bean.producerMethod().name()
                            : "field " + bean.producerField().name();
                    problem(owner + " produces " + produced.name() + " (" + producer + "), an identity provider its own code"
                            + " made and can call directly, without the guard: declare the provider as a bean class of its own"
                            + " (a class implementing IdentityProvider with a scope annotation), which Quarkus's manager asks"
                            + " after the guard, and call the manager", bean, messages);
                    break;
                }
            }
        }
    }

    /** Hands what the build found to the start, as the synthetic bean {@link BuildFindings}. */
    @Synthesis
    public void carry(SyntheticComponents components, Messages messages) {
        for (String type : providerClasses) {
            if (!beanClasses.contains(type) && !producedTypes.contains(type)) {
                problem(type + " implements IdentityProvider but is no bean, so Quarkus's manager never asks it, and code that"
                        + " calls it judges a password without the guard: make it a bean (a scope annotation such as"
                        + " @ApplicationScoped) and call IdentityProviderManager instead", null, messages);
            }
        }
        components.addBean(BuildFindings.class).type(BuildFindings.class).scope(Singleton.class)
                .withParam(BuildFindings.PROBLEMS, found.toArray(String[]::new))
                .withParam(BuildFindings.MECHANISMS, mechanismClasses.toArray(String[]::new))
                .createWith(BuildFindings.Creator.class);
    }

    private void problem(String problem, BeanInfo bean, Messages messages) {
        found.add(problem);
        if (requiredAtBuild()) {
            if (bean == null) {
                messages.error(GuardStartCheck.CANNOT_SEE + problem + GuardStartCheck.HELP);
            } else {
                messages.error(GuardStartCheck.CANNOT_SEE + problem + GuardStartCheck.HELP, bean);
            }
        }
    }

    /** Whether {@code type} is a concrete class of the application's (not Quarkus's, not the guard's). */
    private static boolean applications(ClassInfo type) {
        return type.isPlainClass() && !type.isAbstract() && ApplicationProviders.applications(type.name().toString());
    }

    /**
     * The identity provider {@code type} holds (the interface, or a class or interface implementing it; the argument of a
     * lookup such as {@code Instance<X>}); else {@code null}. The login guard itself is none: calling it is calling the
     * chain.
     */
    private static ClassInfo provider(Type type) {
        Type held = type;
        if (held.isParameterizedType() && LOOKUPS.contains(held.asParameterizedType().declaration().name())
                && held.asParameterizedType().typeArguments().size() == 1) {
            held = held.asParameterizedType().typeArguments().get(0);
        }
        if (held.isWildcardType() && held.asWildcardType().upperBound() != null) {
            held = held.asWildcardType().upperBound();
        }
        ClassInfo declared = held.isClass() ? held.asClass().declaration()
                : held.isParameterizedType() ? held.asParameterizedType().declaration() : null;
        if (declared == null || declared.name().equals(QuarkusLoginGuard.class.getName())) {
            return null;
        }
        return implementsProvider(declared) ? declared : null;
    }

    private static boolean implementsProvider(ClassInfo type) {
        if (type == null || type.name().equals("java.lang.Object")) {
            return false;
        }
        if (type.name().equals(PROVIDER)) {
            return true;
        }
        for (ClassInfo implemented : type.superInterfacesDeclarations()) {
            if (implementsProvider(implemented)) {
                return true;
            }
        }
        return implementsProvider(type.superClassDeclaration());
    }

    /** An injection point as a reader finds it: {@code field provider} or {@code parameter p of login}. */
    private static String where(DeclarationInfo declaration) {
        if (declaration.isField()) {
            return "field " + declaration.asField().name();
        }
        if (declaration.isParameter()) {
            String method = declaration.asParameter().declaringMethod().isConstructor() ? "the constructor"
                    : declaration.asParameter().declaringMethod().name();
            return "parameter " + declaration.asParameter().name() + " of " + method;
        }
        return declaration.toString();
    }

    /** Whether the build's configuration sets the login policy; not known (no configuration) is no. */
    private static boolean requiredAtBuild() {
        try {
            return QuarkusGuardSettings.on(ConfigProvider.getConfig());
        } catch (IllegalStateException noConfiguration) {
            return false;
        }
    }
}
