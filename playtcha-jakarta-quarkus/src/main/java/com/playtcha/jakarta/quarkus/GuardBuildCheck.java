package com.playtcha.jakarta.quarkus;

import jakarta.enterprise.inject.build.compatible.spi.BeanInfo;
import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
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
import java.util.List;
import java.util.Set;

/**
 * Finds, when Quarkus builds the application (ArC runs this CDI Lite extension, listed in
 * {@code META-INF/services/jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension}), every injection
 * point of a concrete identity provider: a field or parameter whose type is a class or interface that implements
 * {@code IdentityProvider} other than that interface itself, directly or as the type of an {@code Instance} or
 * {@code Provider}, such as
 *
 * <pre>{@code @Inject ElytronPasswordIdentityProvider provider; // provider.authenticate(...) skips the guard}</pre>
 *
 * A provider called directly skips the login guard, and Quarkus's chain of providers with it. Where
 * {@code playtcha.login.require} is in the build's configuration ({@code application.properties}) the build fails,
 * naming the bean, the injection point and what to do (inject {@code IdentityProviderManager} and call it); otherwise
 * what it found goes to the start ({@link GuardStartCheck}), which fails when the key is set only there. Quarkus's own
 * beans ({@code io.quarkus.*}) are not looked at; nor is what no injection point shows (a programmatic lookup such
 * as {@code Arc.container().instance(...)}, an observer method's parameter).
 */
public class GuardBuildCheck implements BuildCompatibleExtension {

    private static final String PROVIDER = "io.quarkus.security.identity.IdentityProvider";
    /** The types whose argument is what is injected: {@code Instance<X>} looks up an {@code X}. */
    private static final Set<String> LOOKUPS = Set.of("jakarta.enterprise.inject.Instance", "jakarta.inject.Provider",
            "io.quarkus.arc.InjectableInstance");

    private final List<String> found = new ArrayList<>();

    /** Each bean's injection points of a concrete identity provider: refused now or remembered for the start. */
    @Registration(types = Object.class)
    public void inspect(BeanInfo bean, Messages messages) {
        String owner = bean.declaringClass().name();
        if (owner.startsWith("io.quarkus.")) {
            return;
        }
        for (InjectionPointInfo point : bean.injectionPoints()) {
            ClassInfo provider = concreteProvider(point.type());
            if (provider != null) {
                String problem = owner + " injects " + provider.name() + " (" + where(point.declaration()) + "), a provider"
                        + " it can call directly, without the guard: inject IdentityProviderManager instead and call its"
                        + " authenticate or authenticateBlocking with the request (a provider injected to read something else,"
                        + " such as its counts, keeps that in a bean of its own, injected instead)";
                found.add(problem);
                if (requiredAtBuild()) {
                    messages.error(GuardStartCheck.CANNOT_SEE + problem + GuardStartCheck.HELP, bean);
                }
            }
        }
    }

    /** Hands what {@link #inspect} found to the start, as the synthetic bean {@link ProviderInjections}. */
    @Synthesis
    public void carry(SyntheticComponents components) {
        components.addBean(ProviderInjections.class).type(ProviderInjections.class).scope(Singleton.class)
                .withParam(ProviderInjections.PROBLEMS, found.toArray(String[]::new)).createWith(ProviderInjections.Creator.class);
    }

    /** The identity provider {@code type} injects, when it is one other than the interface; else {@code null}. */
    private static ClassInfo concreteProvider(Type type) {
        Type injected = type;
        if (injected.isParameterizedType() && LOOKUPS.contains(injected.asParameterizedType().declaration().name())
                && injected.asParameterizedType().typeArguments().size() == 1) {
            injected = injected.asParameterizedType().typeArguments().get(0);
        }
        ClassInfo declared = injected.isClass() ? injected.asClass().declaration()
                : injected.isParameterizedType() ? injected.asParameterizedType().declaration() : null;
        if (declared == null || declared.name().equals(PROVIDER) || declared.name().equals(QuarkusLoginGuard.class.getName())) {
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
            return QuarkusLoginGuard.switchedOn();
        } catch (IllegalStateException noConfiguration) {
            return false;
        }
    }
}
