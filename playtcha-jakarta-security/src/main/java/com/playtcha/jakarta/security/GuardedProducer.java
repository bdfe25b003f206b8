package com.playtcha.jakarta.security;

import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.Producer;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * The producer of an identity store (or handler) that a producer method or field of the application makes,
 * wrapped by {@link PlaytchaSecurityExtension}: CDI decorates managed beans only, so what such a producer
 * returns is handed out behind a proxy of its declared interface whose {@code validate(Credential)} goes
 * through {@link StoreGuard}, as a decorated store bean's does; every other method reaches the store as it
 * is. Only a producer declared to return an interface can be wrapped so (a JDK proxy is no subclass); the
 * extension refuses one declared to return a class.
 *
 * @param <T> what the producer makes
 */
final class GuardedProducer<T> implements Producer<T> {

    private final Producer<T> producer;
    private final Class<?> declared;
    private final BeanManager beans;

    GuardedProducer(Producer<T> producer, Class<?> declared, BeanManager beans) {
        this.producer = producer;
        this.declared = declared;
        this.beans = beans;
    }

    /** Whether {@code type} is one a guarded login asks to check passwords: an identity store or handler. */
    static boolean checksPasswords(Class<?> type) {
        return IdentityStore.class.isAssignableFrom(type) || IdentityStoreHandler.class.isAssignableFrom(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T produce(CreationalContext<T> context) {
        T store = producer.produce(context);
        if (store == null) {
            return null;
        }
        Class<?>[] types = store instanceof Serializable ? new Class<?>[] {declared, Serializable.class} : new Class<?>[] {declared};
        StoreGuard guard = beans.createInstance().select(StoreGuard.class).get();
        return (T) Proxy.newProxyInstance(declared.getClassLoader(), types, new Guarded(store, guard));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void dispose(T instance) {
        producer.dispose(instance != null && Proxy.isProxyClass(instance.getClass())
                && Proxy.getInvocationHandler(instance) instanceof Guarded guarded ? (T) guarded.store : instance);
    }

    @Override
    public Set<InjectionPoint> getInjectionPoints() {
        return producer.getInjectionPoints();
    }

    /** Routes a produced store's {@code validate(Credential)} through the guard, anything else straight to it. */
    private static final class Guarded implements InvocationHandler, Serializable {
        private static final long serialVersionUID = 1L;
        private final Object store;
        private final StoreGuard guard;

        Guarded(Object store, StoreGuard guard) {
            this.store = store;
            this.guard = guard;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            if (method.getName().equals("validate") && arguments != null && arguments.length == 1
                    && method.getParameterTypes()[0] == Credential.class) {
                return guard.validate((Credential) arguments[0], () -> (CredentialValidationResult) unchecked(method, arguments));
            }
            if (method.getName().equals("equals") && arguments != null && arguments.length == 1
                    && method.getParameterTypes()[0] == Object.class) {
                Object other = arguments[0];
                return other == proxy || other != null && Proxy.isProxyClass(other.getClass())
                        && Proxy.getInvocationHandler(other) instanceof Guarded them && them.store.equals(store);
            }
            try {
                return method.invoke(store, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private Object unchecked(Method method, Object[] arguments) {
            try {
                return method.invoke(store, arguments);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
