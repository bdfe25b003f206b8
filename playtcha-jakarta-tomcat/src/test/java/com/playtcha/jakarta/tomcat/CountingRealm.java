package com.playtcha.jakarta.tomcat;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.RealmBase;

/**
 * A realm of fixed users (role "user") that records every password check: the test's proof of
 * whether Tomcat's FORM authenticator got as far as the realm.
 */
final class CountingRealm extends RealmBase {

    private final Map<String, String> passwords;
    private final List<String> checkedNames = new CopyOnWriteArrayList<>();
    private final List<String> lookedUp = new CopyOnWriteArrayList<>();

    CountingRealm(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    /** How many times a user name and password were checked. */
    int calls() {
        return checkedNames.size();
    }

    /** The user names checked, in order, as the authenticator decoded them. */
    List<String> checkedNames() {
        return List.copyOf(checkedNames);
    }

    /** The user names whose stored password {@code RealmBase} looked up to compare, in order. */
    List<String> lookedUp() {
        return List.copyOf(lookedUp);
    }

    @Override
    public Principal authenticate(String username, String credentials) {
        checkedNames.add(String.valueOf(username));
        return super.authenticate(username, credentials);
    }

    @Override
    protected String getPassword(String username) {
        lookedUp.add(username);
        return passwords.get(username);
    }

    @Override
    protected Principal getPrincipal(String username) {
        return new GenericPrincipal(username, List.of("user"));
    }
}
