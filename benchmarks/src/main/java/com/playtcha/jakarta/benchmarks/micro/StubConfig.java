package com.playtcha.jakarta.benchmarks.micro;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

/** A filter's configuration, as web.xml would give it, in a context that keeps attributes. */
record StubConfig(Map<String, String> initParams, ServletContext context) implements FilterConfig {

    StubConfig(Map<String, String> initParams) {
        this(initParams, newContext());
    }

    private static ServletContext newContext() {
        Map<String, Object> attributes = new HashMap<>();
        return (ServletContext) Proxy.newProxyInstance(StubConfig.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "getClassLoader" -> StubConfig.class.getClassLoader();
                    case "getInitParameter" -> null;
                    case "getInitParameterNames" -> Collections.emptyEnumeration();
                    case "getContextPath" -> "";
                    case "toString" -> "bench context";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("ServletContext." + method.getName());
                });
    }

    @Override
    public String getFilterName() {
        return "playtcha";
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public String getInitParameter(String name) {
        return initParams.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(initParams.keySet());
    }
}
