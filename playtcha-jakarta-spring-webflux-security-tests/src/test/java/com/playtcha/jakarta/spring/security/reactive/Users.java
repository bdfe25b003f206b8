package com.playtcha.jakarta.spring.security.reactive;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import reactor.core.publisher.Mono;

/**
 * The test applications' user store: {@code alice} to {@code zoe}, password {@code secret}, each also known as
 * {@code name@example.com}, and {@code locke}, whose account is locked; every lookup that reaches it is counted ({@link #LOOKUPS}): a refused login never does.
 */
public final class Users implements ReactiveUserDetailsService {

    /** How many times the store was asked for an account. */
    public static final AtomicInteger LOOKUPS = new AtomicInteger();

    private final MapReactiveUserDetailsService users;

    public Users() {
        List<UserDetails> all = new ArrayList<>();
        for (String name : List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "kim", "leo",
                "mia", "ned", "olga", "pat", "quinn", "rita", "sam", "tina", "uma", "vic", "walt", "xena", "yuri", "zoe")) {
            all.add(User.withUsername(name).password("{noop}secret").roles("USER").build());
        }
        all.add(User.withUsername("locke").password("{noop}secret").roles("USER").accountLocked(true).build());
        this.users = new MapReactiveUserDetailsService(all);
    }

    @Override
    public Mono<UserDetails> findByUsername(String username) {
        return Mono.defer(() -> {
            LOOKUPS.incrementAndGet();
            // "user name or e-mail": name@example.com is the account name (an alias the store resolves)
            return users.findByUsername(username != null && username.endsWith("@example.com")
                    ? username.substring(0, username.indexOf('@')) : username);
        });
    }
}
