package com.playtcha.jakarta.spring.security;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.target.SingletonTargetSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.ClassUtils;

/**
 * How the guard holds a part that checks or judges passwords: a proxy over it whose {@link Guard} sends
 * {@code authenticate} of a manager or provider and {@code matches} of an encoder through {@link PasswordChecks},
 * and has {@code loadUserByUsername} and {@code updatePassword} of a user store name the account of this thread's
 * next judgment ({@link PasswordChecks#lookedUp}, which decides a lookup Spring's own password parts make unguarded).
 * A bean is proxied by the type it is declared by, so that whatever injects it by that type gets the proxy: an
 * interface (a lambda too) by a JDK proxy of every interface its object has, a class by a Spring AOP class proxy. A
 * class that cannot be subclassed (final, or final where the guard must intercept) fails the start naming the bean:
 * returning it unguarded would let its checks through undecided. The interface proxy is the JDK's with a handler of
 * our own rather than Spring AOP's, which builds a method invocation and a cache key for each call: every login goes
 * through a store, an encoder and a manager, and the issue 70 budget (design/login-guard.md, 15) is a tenth of an
 * attempt. {@link #guarded} tells the guard's proxies apart.
 *
 * <p>Internal to the starter, not an API: public so that both guards hold their parts through the same proxies.
 */
public final class Guards {

    private static final String[] CHECKED = {"authenticate", "matches", "loadUserByUsername", "updatePassword", "findByUsername"};

    private Guards() {
    }

    /** Whether {@code object} is already one of the guard's: a proxy with its guard, or a guarded manager. */
    public static boolean guarded(Object object) {
        if (object instanceof GuardedAuthenticationManager) {
            return true;
        }
        if (Proxy.isProxyClass(object.getClass())) {
            return Proxy.getInvocationHandler(object) instanceof Interfaces;
        }
        return object instanceof Advised advised && Arrays.stream(advised.getAdvisors()).anyMatch(a -> a.getAdvice() instanceof Guard);
    }

    /** A {@code ProviderManager} Spring Security built, guarded as one ({@link CheckFrame.Part#BUILT}), still a {@code ProviderManager}. */
    public static ProviderManager built(ProviderManager manager, PasswordChecks checks) {
        return (ProviderManager) proxied(manager, ProviderManager.class, new PartGuard(checks, CheckFrame.Part.BUILT, manager), null);
    }

    /** What {@code manager}, a {@code ProviderManager} Spring built, holds for {@code authentication}'s type. */
    private static CheckFrame.Providers providers(ProviderManager manager, Authentication authentication) {
        AuthenticationProvider only = null;
        int supporting = 0;
        boolean allGuarded = true;
        for (AuthenticationProvider provider : manager.getProviders()) {
            if (provider.supports(authentication.getClass())) {
                only = provider;
                supporting++;
                allGuarded &= guarded(provider);
            }
        }
        return new CheckFrame.Providers(supporting, allGuarded, supporting == 1 && only.getClass() == DaoAuthenticationProvider.class);
    }

    /**
     * The bean {@code name}, a manager, provider, encoder or user store declared as {@code declared}, guarded;
     * the start fails, naming it, when it cannot be.
     */
    public static Object bean(Object bean, Class<?> declared, String name, PasswordChecks checks) {
        CheckFrame.Part part = bean instanceof AuthenticationManager ? CheckFrame.Part.MANAGER
                : bean.getClass() == DaoAuthenticationProvider.class ? CheckFrame.Part.DAO : CheckFrame.Part.PROVIDER;
        return proxied(bean, declared, new PartGuard(checks, part, bean), name);
    }

    /**
     * {@code target} held by {@code guard}, as a proxy of the type {@code declared} (an interface: of every interface it has; a
     * class: a subclass); the start fails, naming the bean {@code name}, when a class cannot be subclassed.
     */
    public static Object proxied(Object target, Class<?> declared, Guard guard, String name) {
        ClassLoader loader = target.getClass().getClassLoader();
        if (declared.isInterface()) {
            return Proxy.newProxyInstance(loader, ClassUtils.getAllInterfacesForClass(target.getClass(), loader), new Interfaces(guard));
        }
        Class<?> superclass = subclassable(target.getClass()) ? target.getClass() : declared;
        if (!subclassable(superclass)) {
            throw new IllegalStateException("playtcha.login.require is set, but the bean '" + name + "' (" + declared.getName()
                    + ") checks or judges passwords and is declared as a class the guard cannot subclass (final, or final where it "
                    + "checks them), so its checks would not be decided. Declare its @Bean method's return type as the interface "
                    + "it implements (AuthenticationManager, AuthenticationProvider, PasswordEncoder, UserDetailsService, "
                    + "ReactiveAuthenticationManager, ReactiveUserDetailsService), or make "
                    + "the class and those methods non-final; see docs/spring-security.md");
        }
        ProxyFactory proxy = new ProxyFactory();
        proxy.addAdvice(guard);
        proxy.setProxyTargetClass(true);
        proxy.setTargetSource(new SingletonTargetSource(target) {
            private static final long serialVersionUID = 1L;

            @Override
            public Class<?> getTargetClass() {
                return superclass;
            }
        });
        return proxy.getProxy(loader);
    }

    /** The type the bean {@code name} of {@code beans} is declared by: its factory method's return type, else its class. */
    public static Class<?> declared(ConfigurableListableBeanFactory beans, Object bean, String name) {
        BeanDefinition definition = beans.getMergedBeanDefinition(name);
        if (definition instanceof RootBeanDefinition root) {
            Method factory = root.getResolvedFactoryMethod();
            if (factory != null && factory.getReturnType().isInstance(bean)) {
                return factory.getReturnType();
            }
            if (root.hasBeanClass() && root.getBeanClass().isInstance(bean)) {
                return root.getBeanClass();
            }
        }
        return bean.getClass();
    }

    /** Whether a class proxy of {@code type} intercepts every method the guard must see. */
    private static boolean subclassable(Class<?> type) {
        if (Modifier.isFinal(type.getModifiers()) || type.isHidden()) {
            return false;
        }
        for (Method method : type.getMethods()) {
            if (Arrays.asList(CHECKED).contains(method.getName()) && Modifier.isFinal(method.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    /** The guard of one part: what each of its checked methods does, the rest let through; the servlet side's and the reactive one's. */
    public abstract static class Guard implements MethodInterceptor {
        /** The part. */
        protected final Object target;

        /** The guard of {@code target}. */
        protected Guard(Object target) {
            this.target = target;
        }

        @Override
        public Object invoke(MethodInvocation call) throws Throwable {
            return called(call.getMethod(), call.getArguments(), call::proceed);
        }

        /** {@code method} called with {@code arguments}, which {@code proceed} makes of the part. */
        protected abstract Object called(Method method, Object[] arguments, PartCall proceed) throws Throwable;
    }

    /**
     * The guard of a blocking part (the servlet guard's, and a reactive application's servlet parts'): a manager's or
     * provider's check and an encoder's judgment decided, a user store's lookup noted. Its reactive mirror is
     * {@code ReactivePartGuard}.
     */
    private static final class PartGuard extends Guard {
        private final PasswordChecks checks;
        private final CheckFrame.Part part;

        PartGuard(PasswordChecks checks, CheckFrame.Part part, Object target) {
            super(target);
            this.checks = checks;
            this.part = part;
        }

        @Override
        protected Object called(Method method, Object[] arguments, PartCall proceed) throws Throwable {
            String name = method.getName();
            if (arguments == null || arguments.length == 0 || arguments.length > 2) {
                return proceed.proceed();
            }
            if (arguments.length == 1 && arguments[0] instanceof Authentication authentication && name.equals("authenticate")
                    && (target instanceof AuthenticationManager || target instanceof AuthenticationProvider)) {
                return checks.authenticate(authentication, part,
                        part == CheckFrame.Part.BUILT ? () -> providers((ProviderManager) target, authentication) : null, proceed);
            }
            if (arguments.length == 2 && name.equals("matches") && target instanceof PasswordEncoder
                    && (arguments[0] == null || arguments[0] instanceof CharSequence)) {
                return checks.judged((CharSequence) arguments[0], proceed);
            }
            if (arguments.length == 1 && name.equals("loadUserByUsername") && target instanceof UserDetailsService
                    && (arguments[0] == null || arguments[0] instanceof String)) {
                return checks.lookedUp((String) arguments[0], proceed);
            } else if (arguments.length == 2 && name.equals("updatePassword") && target instanceof UserDetailsPasswordService
                    && arguments[0] instanceof UserDetails user) {
                CheckFrame.lookedUp(user.getUsername());
            }
            return proceed.proceed();
        }
    }

    /** A JDK proxy's handler: the guard for the checked methods, the object itself for the rest ({@code equals} by identity). */
    private static final class Interfaces implements InvocationHandler {
        private final Guard guard;

        Interfaces(Guard guard) {
            this.guard = guard;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == arguments[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> method.invoke(guard.target, arguments);
                };
            }
            return guard.called(method, arguments, () -> made(method, arguments));
        }

        /** {@code method} of the object, as its own code throws; an interface the proxy cannot reach (package-private) opened once. */
        private Object made(Method method, Object[] arguments) throws Throwable {
            try {
                return method.invoke(guard.target, arguments);
            } catch (IllegalAccessException closed) {
                method.setAccessible(true);
                return made(method, arguments);
            } catch (InvocationTargetException thrown) {
                throw thrown.getCause();
            }
        }
    }
}
