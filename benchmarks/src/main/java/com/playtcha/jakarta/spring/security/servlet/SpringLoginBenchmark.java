package com.playtcha.jakarta.spring.security.servlet;

import com.playtcha.jakarta.benchmarks.LoginRounds;
import com.playtcha.jakarta.benchmarks.micro.StubRequest;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.internal.budget.BenchmarkCounts;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.VerifierClock;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What the Spring Boot starter's guard costs a login attempt under {@code playtcha.login.require=after-failures},
 * on one node, no token needed (issue 70): a {@code UsernamePasswordAuthenticationToken} checked by a
 * {@code ProviderManager} made as Spring Security's builder makes one (handed to the application context's
 * {@code initializeBean}, as its {@code ObjectPostProcessor} does) over a {@code DaoAuthenticationProvider} on the
 * user-store and encoder beans ({@code {noop}} passwords: the hash's cost is left out), with the guard's bean
 * post-processor registered, on a request bound to the thread, the manager the guard hands out for it. The same
 * class runs on the starter before issue 70 (the manager wrapped, the beans left alone) and after (the manager
 * guarded as Spring built it, the store's lookups and the encoder's judgments held by the guard).
 * <ul>
 *   <li>{@code ordinaryLogin}: 4,096 accounts from 1,024 addresses in turn, each right: admitted, counted in
 *       advance, given back.</li>
 *   <li>{@code failedLogin}: the same, each wrong: counted; at its limit an account is refused for want of a token
 *       (on a clock 1,024 times faster, so the window lets the counts go).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpringLoginBenchmark {

    private static final int ACCOUNTS = 4_096;
    private static final LoginFailures.Limits DEFAULTS = new LoginFailures.Limits(3, 10, Duration.ofMinutes(15), 100);

    private final String[] names = new String[ACCOUNTS];
    private final String[] clients = new String[ACCOUNTS];
    private final List<PlaytchaVerifier> verifiers = new ArrayList<>();
    private GenericApplicationContext accepting;
    private GenericApplicationContext refusing;
    private AuthenticationManager accepted;
    private AuthenticationManager refused;
    private StubRequest request;
    private ServletRequestAttributes bound;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        for (int i = 0; i < ACCOUNTS; i++) {
            names[i] = "user" + i + "@example.com";
            clients[i] = "10.1." + ((i & 1023) >>> 8) + "." + (i & 0xFF);
        }
        accepting = context(BenchmarkCounts.loginFailures(DEFAULTS, VerifierClock.SYSTEM));
        refusing = context(BenchmarkCounts.loginFailures(DEFAULTS, BenchmarkCounts.FAST));
        accepted = manager(accepting);
        refused = manager(refusing);
        request = new StubRequest("POST", "application/x-www-form-urlencoded"); // a login post with no token
        bound = new ServletRequestAttributes(request, new Response());
    }

    /** An application context with the users, the encoder, the guard over {@code failures} and its bean post-processor. */
    private GenericApplicationContext context(LoginFailures failures) {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_bench").loginAfterFailures(true).build();
        PlaytchaVerifier verifier = PlaytchaVerifier.create(settings); // never asked: no login here carries a token
        verifiers.add(verifier);
        PlaytchaLoginGuard guard = new PlaytchaLoginGuard(settings, verifier, failures);
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean(PlaytchaLoginGuard.class, () -> guard);
        context.registerBean("users", UserDetailsService.class, () -> {
            InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
            for (String name : names) {
                users.createUser(User.withUsername(name).password("{noop}secret").roles("USER").build());
            }
            return users;
        });
        context.registerBean("passwords", PasswordEncoder.class, PasswordEncoderFactories::createDelegatingPasswordEncoder);
        context.registerBean("guarding", Guarding.class,
                () -> new Guarding(context.getBeanProvider(PlaytchaLoginGuard.class)));
        context.refresh();
        return context;
    }

    /** The manager a login filter gets: built as Spring Security builds one, then what the guard hands out for it. */
    private static AuthenticationManager manager(GenericApplicationContext context) {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(context.getBean(UserDetailsService.class));
        dao.setPasswordEncoder(context.getBean(PasswordEncoder.class));
        ProviderManager built = new ProviderManager(List.of(dao));
        built = (ProviderManager) context.getAutowireCapableBeanFactory().initializeBean(built, built.toString());
        ObjectProvider<PlaytchaLoginGuard> guard = context.getBeanProvider(PlaytchaLoginGuard.class);
        return guard.getObject().guard(built);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        accepting.close();
        refusing.close();
        verifiers.forEach(PlaytchaVerifier::close);
    }

    @Benchmark
    public Object ordinaryLogin() {
        return attempt(accepted, "secret");
    }

    @Benchmark
    public Object failedLogin() {
        return attempt(refused, "wrong");
    }

    private Object attempt(AuthenticationManager manager, String password) {
        int i = next = (next + 1) & (ACCOUNTS - 1);
        request.from(clients[i]);
        RequestContextHolder.setRequestAttributes(bound);
        try {
            return manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(names[i], password));
        } catch (AuthenticationException refusedOrWrong) {
            return refusedOrWrong;
        } finally {
            RequestContextHolder.resetRequestAttributes();
            request.forget();
        }
    }

    /** Both attempts in one JVM, measured as {@link LoginRounds} says (its {@code args}: warm-up, round). */
    public static void main(String[] args) {
        SpringLoginBenchmark bench = new SpringLoginBenchmark();
        bench.setUp();
        try {
            LoginRounds.print(args, ordinary -> bench.attempt(ordinary ? bench.accepted : bench.refused, ordinary ? "secret" : "wrong"));
        } finally {
            bench.tearDown();
        }
    }

    /** The login's response: its headers set and forgotten. */
    static final class Response extends HttpServletResponseWrapper {
        Response() {
            super(StubRequest.unsupported(HttpServletResponse.class));
        }

        @Override
        public void setHeader(String name, String value) {
        }
    }

}
