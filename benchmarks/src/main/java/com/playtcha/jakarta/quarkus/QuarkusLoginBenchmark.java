package com.playtcha.jakarta.quarkus;

import com.playtcha.jakarta.benchmarks.LoginRounds;
import com.playtcha.jakarta.benchmarks.MapUsers;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.internal.budget.BenchmarkCounts;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.VerifierClock;
import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.runtime.IOThreadDetector;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.spi.runtime.BlockingSecurityExecutor;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the Quarkus login guard costs a login attempt under {@code playtcha.login.require=after-failures}, on one node,
 * no token needed, beside {@code SpringLoginBenchmark}'s attempt (issue 86): a {@code UsernamePasswordAuthenticationRequest}
 * with its routing context, as Basic makes one, through the guard and on to one identity provider of the application's
 * (a map of 4,096 plain-text passwords, an identity made at set-up for each account), the blocking executor running in place
 * (as Quarkus's does on a thread that may block; on an event loop it would hop to a worker, which both stacks pay alike).
 * <ul>
 *   <li>{@code ordinaryLogin}: 4,096 accounts from 1,024 addresses in turn, each right: admitted, counted in
 *       advance, given back.</li>
 *   <li>{@code failedLogin}: the same, each wrong: counted; at its limit an account is refused for want of a token
 *       (on a clock 1,024 times faster, so the window lets the counts go).</li>
 * </ul>
 * The routing context is a stub of what the guard reads: the headers (none), the path, the client's address, the form
 * (empty: Basic reads none), the response's headers set and forgotten.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class QuarkusLoginBenchmark {

    private static final int ACCOUNTS = 4_096;
    private static final LoginFailures.Limits DEFAULTS = new LoginFailures.Limits(3, 10, Duration.ofMinutes(15), 100);
    private static final BlockingSecurityExecutor IN_PLACE = BlockingSecurityExecutor.createBlockingExecutor(() -> Runnable::run);

    private final String[] names = new String[ACCOUNTS];
    private final RoutingContext[] contexts = new RoutingContext[ACCOUNTS];
    private final Map<String, String> passwords = new HashMap<>();
    private final Map<String, SecurityIdentity> identities = new HashMap<>();
    private final List<PlaytchaVerifier> verifiers = new ArrayList<>();
    private final AuthenticationRequestContext context = new AuthenticationRequestContext() {
        @Override
        public Uni<SecurityIdentity> runBlocking(Supplier<SecurityIdentity> function) {
            return IN_PLACE.executeBlocking(function);
        }
    };
    private QuarkusLoginGuard accepted;
    private QuarkusLoginGuard refused;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        BlockingOperationControl.setIoThreadDetector(new IOThreadDetector[0]); // no event loop here: blocking allowed
        for (int i = 0; i < ACCOUNTS; i++) {
            names[i] = "user" + i + "@example.com";
            passwords.put(names[i], "secret");
            String name = names[i];
            java.security.Principal principal = () -> name;
            identities.put(name, stub(SecurityIdentity.class, (method, args) -> method.equals("getPrincipal") ? principal : null));
            contexts[i] = routing("10.1." + ((i & 1023) >>> 8) + "." + (i & 0xFF));
        }
        accepted = guard(BenchmarkCounts.loginFailures(DEFAULTS, VerifierClock.SYSTEM));
        refused = guard(BenchmarkCounts.loginFailures(DEFAULTS, BenchmarkCounts.FAST));
    }

    /** The guard over {@code failures}, switched on, asking the store after it. */
    private QuarkusLoginGuard guard(LoginFailures failures) {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_bench").loginAfterFailures(true).build();
        PlaytchaVerifier verifier = PlaytchaVerifier.create(settings); // never asked: no login here carries a token
        verifiers.add(verifier);
        QuarkusGuardSettings on = new QuarkusGuardSettings(Optional.of("after-failures"), true, Optional.empty(), Optional.empty());
        return new QuarkusLoginGuard(on, settings, instance(verifier), failures, new ApplicationProviders(instance(new MapUsers(passwords, identities))), IN_PLACE,
                new RequestsUnderWay());
    }

    /**
     * What CDI would inject for the one bean {@code bean}: an {@code Instance} whose {@code get()} and only handle give it,
     * the handle's bean naming {@code bean}'s class (the guard's collaborators take their beans so, in production too).
     */
    @SuppressWarnings("unchecked")
    private static <T> Instance<T> instance(Object bean) {
        Bean<?> declared = stub(Bean.class, (method, args) -> switch (method) {
            case "getBeanClass" -> bean.getClass();
            case "getTypes" -> Set.of(bean.getClass());
            default -> null;
        });
        Instance.Handle<?> handle = stub(Instance.Handle.class, (method, args) -> switch (method) {
            case "get" -> bean;
            case "getBean" -> declared;
            default -> null;
        });
        return stub(Instance.class, (method, args) -> switch (method) {
            case "get" -> bean;
            case "handles" -> List.of(handle);
            default -> null;
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
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

    private Object attempt(QuarkusLoginGuard guard, String password) {
        int i = next = (next + 1) & (ACCOUNTS - 1);
        var request = new UsernamePasswordAuthenticationRequest(names[i], new PasswordCredential(password.toCharArray()));
        HttpSecurityUtils.setRoutingContextAttribute(request, contexts[i]);
        try {
            return guard.authenticate(request, context).await().indefinitely();
        } catch (AuthenticationFailedException refusedOrWrong) {
            return refusedOrWrong;
        }
    }

    /** A routing context of a Basic login from {@code client}: what the guard reads, nothing more. */
    private static RoutingContext routing(String client) {
        MultiMap empty = stub(MultiMap.class, (method, args) -> method.equals("getAll") ? List.of() : null);
        SocketAddress address = stub(SocketAddress.class, (method, args) -> method.equals("hostAddress") ? client : null);
        HttpServerRequest request = stub(HttpServerRequest.class, (method, args) -> switch (method) {
            case "headers", "formAttributes" -> empty;
            case "path" -> "/account";
            case "remoteAddress" -> address;
            default -> null;
        });
        HttpServerResponse response = stub(HttpServerResponse.class, (method, args) -> method.equals("headWritten") ? false : null);
        Map<String, Object> data = new HashMap<>();
        return stub(RoutingContext.class, (method, args) -> switch (method) {
            case "request" -> request;
            case "response" -> response;
            case "get" -> data.get((String) args[0]);
            case "put" -> {
                data.put((String) args[0], args[1]);
                yield null; // the context itself, which nothing here chains on
            }
            case "remove" -> data.remove((String) args[0]);
            default -> null;
        });
    }

    /** The answer a stub gives to a call of {@code method} with {@code args}. */
    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T stub(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(QuarkusLoginBenchmark.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> method.getDeclaringClass() == Object.class ? method.invoke(answer, args)
                        : answer.answer(method.getName(), args)));
    }

    /** Both attempts in one JVM, measured as {@link LoginRounds} says (its {@code args}: warm-up, round). */
    public static void main(String[] args) {
        QuarkusLoginBenchmark bench = new QuarkusLoginBenchmark();
        bench.setUp();
        try {
            LoginRounds.print(args, ordinary -> bench.attempt(ordinary ? bench.accepted : bench.refused, ordinary ? "secret" : "wrong"));
        } finally {
            bench.tearDown();
        }
    }
}
