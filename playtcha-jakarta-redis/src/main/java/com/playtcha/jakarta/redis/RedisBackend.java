package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.cluster.Backend;
import com.playtcha.jakarta.cluster.counts.Levels;
import com.playtcha.jakarta.cluster.counts.SharedBudgets;
import com.playtcha.jakarta.cluster.counts.SharedLoginFailures;
import com.playtcha.jakarta.cluster.counts.StartWindow;
import com.playtcha.jakarta.cluster.counts.StoreHandle;
import com.playtcha.jakarta.cluster.ledger.TableStore;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.SharedStore;
import com.playtcha.jakarta.spi.store.VerifierClock;

/**
 * What the cluster module opens for {@code playtcha.redis.uri} ({@link Backend}, registered in
 * {@code META-INF/services}): the shared ledger as a {@link TableStore} over a {@link RedisTable}, the
 * client budgets and the login counts on this module's algorithms over Bucket4j's Lettuce backend
 * ({@link RedisBuckets}) and {@link RedisLevels}, all on one connection per server ({@link RedisLink}).
 * Users: docs/redis.md.
 */
public final class RedisBackend implements Backend {

    @Override
    public Budgets budgets(PlaytchaSettings settings, Budgets local, VerifierClock clock, String threads, Resources resources) {
        RedisLink link = RedisLinks.acquire(settings.ledger().redis(), settings.clusterTimeout(), start(settings));
        try {
            return budgets(link, settings, local, clock, threads);
        } catch (RuntimeException | Error e) {
            RedisLinks.release(link);
            throw e;
        }
    }

    /**
     * Budgets on {@code link}, which they release when they close; each time the link finds the server forgot what
     * it held (it restarted without persistence), they {@link SharedBudgets#forget}; each time it connects again,
     * they ask the server at once ({@link SharedBudgets#answersAgain}).
     */
    static SharedBudgets budgets(RedisLink link, PlaytchaSettings settings, Budgets local, VerifierClock clock, String threads) {
        RedisLink.Hearing<SharedBudgets> hearing = link.hearing(SharedBudgets::answersAgain, SharedBudgets::forget);
        RedisCalls calls = link.calls();
        try {
            return hearing.opened(SharedBudgets.open(settings, local, clock, (execution, meter) -> RedisBuckets.open(calls,
                    RedisKeys.BUDGETS, execution, meter, Levels.KEEP), handle(link, null, hearing::stop), threads));
        } catch (RuntimeException | Error e) {
            hearing.stop();
            throw e;
        }
    }

    @Override
    public LoginFailures loginFailures(PlaytchaSettings settings, LoginFailures.Limits limits, LoginFailures local, VerifierClock clock,
            String threads, Resources resources) {
        RedisLink link = RedisLinks.acquire(settings.ledger().redis(), settings.clusterTimeout(), start(settings));
        try {
            return loginFailures(link, settings, limits, local, clock, threads);
        } catch (RuntimeException | Error e) {
            RedisLinks.release(link);
            throw e;
        }
    }

    /**
     * The start's one bound for this server ({@code playtcha.cluster.start-timeout}), begun before the connection's
     * attempt, which waits for no more than it; the counts' first call takes what is left of it.
     */
    private static StartWindow start(PlaytchaSettings settings) {
        return StartWindow.of("redis " + settings.ledger().redis(), settings.clusterStartTimeout());
    }

    /**
     * Login counts on {@code link}, which they release when they close; each time it connects again, they ask the
     * server at once ({@link SharedLoginFailures#answersAgain}), so the first login after is judged on the shared counts.
     */
    static SharedLoginFailures loginFailures(RedisLink link, PlaytchaSettings settings, LoginFailures.Limits limits, LoginFailures local,
            VerifierClock clock, String threads) {
        RedisLink.Hearing<SharedLoginFailures> hearing = link.hearing(SharedLoginFailures::answersAgain, null);
        RedisCalls calls = link.calls();
        try {
            return hearing.opened(SharedLoginFailures.open(settings, limits, local, clock, (execution, meter) -> RedisBuckets.open(calls,
                    RedisKeys.LOGIN_RATE, execution, meter, Levels.KEEP), new RedisLevels(calls),
                    handle(link, RedisKeys.LOGIN_SLOT, hearing::stop), threads));
        } catch (RuntimeException | Error e) {
            hearing.stop();
            throw e;
        }
    }

    /**
     * The server as the counts name it; its failures told in words the counts read ({@link RedisFailure#message}), and
     * judged by what the link knows of the node that serves {@code slot}, a key of the part's one slot ({@code null}:
     * the budgets' keys, spread over every slot, judged by the server's state; they fall back on any failure), as
     * {@link RedisFailure} tells them ({@link RedisCalls#signal}); released at close.
     */
    private static StoreHandle handle(RedisLink link, byte[] slot, Runnable first) {
        RedisCalls calls = link.calls();
        return new StoreHandle(calls.where(), RedisFailure::message, cause -> calls.signal(cause, slot), () -> {
            first.run();
            RedisLinks.release(link);
        });
    }

    /**
     * The ledger, on the link the budgets opened when they did, or opening it as they would, within the start's
     * one bound (a claim's wait is its own: {@code cluster.timeout}); each time the link connects again, claims that
     * went unanswered ask the server at once ({@link TableStore#answersAgain}).
     */
    @Override
    public SharedStore ledger(PlaytchaSettings settings, VerifierClock clock, String threads, Resources resources) {
        RedisLink link = RedisLinks.acquire(settings.ledger().redis(), settings.clusterTimeout(), start(settings));
        RedisLink.Hearing<TableStore> hearing = link.hearing(TableStore::answersAgain, null);
        try {
            return hearing.opened(new TableStore(new RedisTable(link.calls(), clock), settings.ledger(), clock, threads, () -> {
                hearing.stop();
                RedisLinks.release(link);
            }));
        } catch (RuntimeException | Error e) {
            hearing.stop();
            RedisLinks.release(link);
            throw e;
        }
    }
}
