package com.playtcha.jakarta.it.jetty;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.util.security.Credential;

/**
 * The login WARs' realm on the embedded Jetty: the user alice/secret (role {@code user}), and a count
 * of every password check Jetty's FORM login asks for. Set from each WAR's {@code jetty-ee10-web.xml};
 * it lives on the server's class path (the test class path), so the test reads the count directly.
 */
public class JettyLoginService extends HashLoginService {

    public static final String USER = "alice";
    public static final String PASSWORD = "secret";

    private static final AtomicInteger CALLS = new AtomicInteger();

    public JettyLoginService() {
        super("playtcha-it");
        UserStore users = new UserStore();
        users.addUser(USER, Credential.getCredential(PASSWORD), new String[] {"user"});
        setUserStore(users);
    }

    /** Password checks so far, in every login WAR of the run: tests compare before and after. */
    public static int calls() {
        return CALLS.get();
    }

    @Override
    public UserIdentity login(String username, Object credentials, Request request,
            Function<Boolean, Session> getOrCreateSession) {
        CALLS.incrementAndGet();
        return super.login(username, credentials, request, getOrCreateSession);
    }
}
