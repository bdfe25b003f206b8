package com.playtcha.jakarta.it.tomcat;

import java.security.Principal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.RealmBase;

/**
 * The login WARs' realm (a {@code <Realm>} in their {@code META-INF/context.xml}): one user,
 * {@value #USER} with password {@value #PASSWORD} and role "user", and a count of every password
 * check, the proof of whether Tomcat's FORM authenticator got as far as the realm.
 *
 * <p>It lives in Tomcat's {@code lib/} (the build copies its classes there), never in a WAR: Tomcat
 * loads a context's realm with its own class loader, and {@link TomcatLoginPages} reads the count
 * through that same class, static and shared by every application of the server.
 */
public class TomcatLoginRealm extends RealmBase {

    public static final String USER = "alice";
    public static final String PASSWORD = "wonderland";

    private static final AtomicInteger CALLS = new AtomicInteger();

    /** Password checks so far, by every application of this Tomcat. */
    public static int calls() {
        return CALLS.get();
    }

    @Override
    public Principal authenticate(String username, String credentials) {
        CALLS.incrementAndGet();
        return super.authenticate(username, credentials);
    }

    @Override
    protected String getPassword(String username) {
        return USER.equals(username) ? PASSWORD : null;
    }

    @Override
    protected Principal getPrincipal(String username) {
        return new GenericPrincipal(username, List.of("user"));
    }
}
