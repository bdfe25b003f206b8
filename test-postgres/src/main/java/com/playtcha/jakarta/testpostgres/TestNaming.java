package com.playtcha.jakarta.testpostgres;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;

/**
 * JNDI for tests outside a container: what {@link #bind} put under a name is what
 * {@code new InitialContext().lookup(name)} finds, as a container's naming would. Installed with
 * the system property {@code java.naming.factory.initial} (see {@link #install}); only
 * {@code lookup(String)} is there.
 */
public final class TestNaming implements InitialContextFactory {

    private static final Map<String, Object> BOUND = new ConcurrentHashMap<>();

    public static void install() {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, TestNaming.class.getName());
    }

    public static void bind(String name, Object value) {
        install();
        BOUND.put(name, value);
    }

    public static void unbind(String name) {
        BOUND.remove(name);
    }

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) {
        return (Context) Proxy.newProxyInstance(TestNaming.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "lookup" -> {
                        Object found = BOUND.get(String.valueOf(args[0]));
                        if (found == null) {
                            throw new NameNotFoundException(args[0] + " is not bound");
                        }
                        yield found;
                    }
                    case "close" -> null;
                    case "toString" -> "TestNaming";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
