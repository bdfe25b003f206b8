package com.playtcha.jakarta.config;

/**
 * Whether an optional API (the Servlet API, CDI, MicroProfile Health, Quarkus REST) is on the library's
 * class path, asked without loading the class, so that an integration touches it only where it is.
 */
public final class OptionalApis {

    private OptionalApis() {
    }

    /** Whether the library's class loader sees {@code className}, without loading it. */
    public static boolean present(String className) {
        try {
            Class.forName(className, false, OptionalApis.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
