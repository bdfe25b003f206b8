package com.playtcha.jakarta.benchmarks;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;

/**
 * JNDI outside a container, for the ledger benchmark: what {@link #bind} put under a name is what
 * {@code new InitialContext().lookup(name)} finds, so the verifier finds its {@code DataSource} as
 * in an application server. Only {@code lookup(String)} is there.
 */
public final class BenchNaming implements InitialContextFactory {

    private static final Map<String, Object> BOUND = new ConcurrentHashMap<>();

    static void bind(String name, Object value) {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, BenchNaming.class.getName());
        BOUND.put(name, value);
    }

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) {
        return (Context) Proxy.newProxyInstance(BenchNaming.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "lookup" -> {
                        Object found = BOUND.get(String.valueOf(args[0]));
                        if (found == null) {
                            throw new NameNotFoundException(args[0] + " is not bound");
                        }
                        yield found;
                    }
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
