package com.playtcha.jakarta.redis;

import static com.playtcha.jakarta.redis.RedisKeys.LEDGER;
import static com.playtcha.jakarta.redis.RedisKeys.bytes;
import static com.playtcha.jakarta.redis.RedisKeys.text;

import com.playtcha.jakarta.cluster.ledger.LedgerTable;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.LedgerStore.Unwritable;
import com.playtcha.jakarta.spi.store.StoredEntry;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.redis.RedisKeys.Script;
import io.lettuce.core.ScriptOutputType;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The shared ledger's {@link LedgerTable} on Redis, each call one Lua script, atomic on the server: an
 * entry is the hash {@code playtcha:{ledger}:row:<id>}; its token's claim the key
 * {@code playtcha:{ledger}:token:<SHA-256 of the token>} holding the entry's id, written with the row and
 * deleted with it, so a token stays taken until the row is purged ({@code playtcha.ledger.retention});
 * the sorted sets {@code live} (open and settled rows by lease) and {@code done} (reported and parked rows
 * by when), and a set per owner, find what to adopt, renew and purge. Leases are dated on the server's
 * {@code TIME}, which every node shares. The scripts build their keys from the prefix, whose hash tag
 * puts them all in one slot of a Redis Cluster, and name that slot's key {@code live}, which routes them.
 * The token is kept, as in the database, until the entry is settled.
 */
final class RedisTable implements LedgerTable {

    private static final System.Logger LOG = System.getLogger(RedisTable.class.getName());
    /** The key each script names, so a Redis Cluster routes it to the slot every key of the ledger is in. */
    private static final List<byte[]> SLOT = List.of(RedisKeys.LEDGER_SLOT);
    /** The most rows one adoption looks at past the lease; several looks take the rest. */
    private static final int LOOK_AT = 1_000;
    /** The most done rows one purge deletes; the next pass deletes more. */
    private static final int PURGE_BATCH = 1_000;

    private static final String NOW = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)\n";
    private static final Script INSERT = Script.of(NOW + """
            local p, id, digest, owner = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
            local holder = redis.call('GET', p .. 'token:' .. digest)
            if holder then
              if holder == id then return {'MADE', ''} end
              return {'TAKEN', redis.call('HGET', p .. 'row:' .. holder, 'recorded') or ''}
            end
            redis.call('SET', p .. 'token:' .. digest, id)
            redis.call('HSET', p .. 'row:' .. id, 'owner', owner, 'state', 'open', 'posted', '0', 'failed', '0',
              'leased', tostring(now), 'digest', digest, unpack(ARGV, 5))
            redis.call('ZADD', p .. 'live', now, id)
            redis.call('SADD', p .. 'owner:' .. owner, id)
            return {'MADE', ''}
            """);
    private static final Script STEP = Script.of(NOW + """
            local p, id, owner, kind = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
            local row = p .. 'row:' .. id
            local v = redis.call('HMGET', row, 'state', 'owner', 'failed')
            if not v[1] then return 'ABSENT' end
            local mine = v[2] == owner
            local live = v[1] == 'open' or v[1] == 'settled'
            if kind == 'POSTING' then
              if not mine or v[1] ~= 'open' then return 'TAKEN' end
              redis.call('HSET', row, 'posted', '1', 'leased', tostring(now))
              redis.call('ZADD', p .. 'live', now, id)
            elseif kind == 'SETTLED' then
              if not mine or not live then return 'TAKEN' end
              redis.call('HDEL', row, 'token', 'outcome', 'result', 'code', 'message', 'request_id', 'http_status', 'degraded')
              redis.call('HSET', row, 'state', 'settled', 'leased', tostring(now), unpack(ARGV, 5))
              redis.call('ZADD', p .. 'live', now, id)
            elseif kind == 'FAILED' then
              if not mine or tonumber(v[3]) > tonumber(ARGV[5]) then return 'TAKEN' end
              redis.call('HSET', row, 'failed', ARGV[5], 'next', ARGV[6])
            else
              if not mine then return 'TAKEN' end
              redis.call('HDEL', row, 'token', 'owner')
              redis.call('HSET', row, 'state', kind == 'PARKED' and 'parked' or 'reported', 'done', tostring(now))
              if kind == 'PARKED' then redis.call('HSET', row, 'failed', ARGV[5]) end
              redis.call('ZREM', p .. 'live', id)
              redis.call('SREM', p .. 'owner:' .. owner, id)
              redis.call('ZADD', p .. 'done', now, id)
            end
            return 'MADE'
            """);
    private static final Script WITHDRAW = Script.of("""
            local p, id, owner = ARGV[1], ARGV[2], ARGV[3]
            local row = p .. 'row:' .. id
            local v = redis.call('HMGET', row, 'state', 'owner', 'digest')
            if v[1] == 'open' and v[2] == owner then
              redis.call('DEL', row, p .. 'token:' .. v[3])
              redis.call('ZREM', p .. 'live', id)
              redis.call('SREM', p .. 'owner:' .. owner, id)
            end
            return 'MADE'
            """);
    private static final Script ADOPT = Script.of(NOW + """
            local p, owner, lease, room, look = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
            local ids = redis.call('ZRANGEBYSCORE', p .. 'live', '-inf', '(' .. tostring(now - lease), 'LIMIT', 0, look)
            local found = {}
            for _, id in ipairs(ids) do
              local v = redis.call('HMGET', p .. 'row:' .. id, 'owner', 'recorded', 'state')
              if v[3] ~= 'open' and v[3] ~= 'settled' then
                redis.call('ZREM', p .. 'live', id)
              elseif v[1] ~= owner then
                table.insert(found, {id, tonumber(v[2]) or 0, v[1]})
              end
            end
            table.sort(found, function(a, b) return a[2] < b[2] end)
            local taken = {}
            for i = 1, math.min(room, #found) do
              local id, old = found[i][1], found[i][3]
              local row = p .. 'row:' .. id
              redis.call('HSET', row, 'owner', owner, 'leased', tostring(now))
              redis.call('ZADD', p .. 'live', now, id)
              if old then redis.call('SREM', p .. 'owner:' .. old, id) end
              redis.call('SADD', p .. 'owner:' .. owner, id)
              taken[i] = redis.call('HGETALL', row)
            end
            return taken
            """);
    /** Renews ({@code ARGV[3]} empty) or ends ({@code 0}) the lease on the owner's open and settled rows. */
    private static final Script LEASE = Script.of(NOW + """
            local p, owner = ARGV[1], ARGV[2]
            local at = ARGV[3] == '' and now or 0
            for _, id in ipairs(redis.call('SMEMBERS', p .. 'owner:' .. owner)) do
              local row = p .. 'row:' .. id
              local v = redis.call('HMGET', row, 'owner', 'state')
              if v[1] == owner and (v[2] == 'open' or v[2] == 'settled') then
                redis.call('HSET', row, 'leased', tostring(at))
                redis.call('ZADD', p .. 'live', at, id)
              else
                redis.call('SREM', p .. 'owner:' .. owner, id)
              end
            end
            return 1
            """);
    private static final Script PURGE = Script.of(NOW + """
            local p = ARGV[1]
            local before = '(' .. tostring(now - tonumber(ARGV[2]))
            local ids = redis.call('ZRANGEBYSCORE', p .. 'done', '-inf', before, 'LIMIT', 0, tonumber(ARGV[3]))
            for _, id in ipairs(ids) do
              local row = p .. 'row:' .. id
              local digest = redis.call('HGET', row, 'digest')
              if digest then redis.call('DEL', p .. 'token:' .. digest) end
              redis.call('DEL', row)
              redis.call('ZREM', p .. 'done', id)
            end
            return #ids
            """);

    private final RedisCalls calls;
    private final VerifierClock clock;
    private final Object lock = new Object();
    /** The run of failures, or {@code null}; written under {@link #lock}. */
    private volatile Unwritable failing;

    /** @param clock dates a run of failures (leases are the server's time) */
    RedisTable(RedisCalls calls, VerifierClock clock) {
        this.calls = calls;
        this.clock = clock;
    }

    @Override
    public Attempt insert(LedgerEntry entry, String owner, Duration bound, BooleanSupplier wanted) {
        if (!wanted.getAsBoolean()) {
            return new Attempt(Sent.UNSENT, "no longer wanted");
        }
        List<String> args = new ArrayList<>(List.of(LEDGER, entry.id(), digest(entry.token()), owner));
        field(args, "id", entry.id());
        field(args, "token", entry.token());
        field(args, "recorded", Long.toString(entry.time().toEpochMilli()));
        field(args, "path", entry.path());
        field(args, "remote", entry.remoteAddress());
        field(args, "cause", entry.cause());
        return run("record an entry", bound, () -> {
            // a request waits for its claim: it must outlive a failover; the writer's later inserts are waited for by no one
            List<Object> answer = bound == null ? calls.call(INSERT, ScriptOutputType.MULTI, SLOT, bytes(args), null)
                    : calls.callReplicated(INSERT, ScriptOutputType.MULTI, SLOT, bytes(args), bound);
            String said = text(answer.get(0));
            if (said.equals("MADE")) {
                return Sent.MADE;
            }
            String recorded = text(answer.get(1));
            return !recorded.isEmpty() && Long.parseLong(recorded) > entry.time().toEpochMilli() ? Sent.TAKEN_LATER : Sent.TAKEN;
        });
    }

    @Override
    public Attempt step(String id, String owner, Step step) {
        List<String> args = new ArrayList<>(List.of(LEDGER, id, owner, step.kind().name()));
        switch (step.kind()) {
            case SETTLED -> settled(args, step.settled());
            case FAILED -> {
                args.add(Integer.toString(step.failures()));
                args.add(Long.toString(step.next().toEpochMilli()));
            }
            case PARKED -> args.add(Integer.toString(step.failures()));
            default -> { }
        }
        return run(step.kind().what, null, () -> Sent.valueOf(text(calls.call(STEP, ScriptOutputType.STATUS, SLOT, bytes(args),
                calls.bound()))));
    }

    @Override
    public Attempt withdraw(String id, String owner, Duration bound) {
        return run("withdraw a claim", bound, () -> {
            calls.call(WITHDRAW, ScriptOutputType.STATUS, SLOT, bytes(List.of(LEDGER, id, owner)), bound);
            return Sent.MADE;
        });
    }

    @Override
    public Attempt probe(Duration bound) {
        return run("ask Redis", bound, () -> {
            // a key of the ledger's slot: in a Redis Cluster, its primary answers, not whichever node the connection began with
            calls.await(calls.dispatch(SLOT.get(0), c -> c.exists(SLOT.get(0))), bound == null ? calls.bound() : bound, SLOT.get(0));
            return Sent.MADE;
        });
    }

    @Override
    public List<StoredEntry> adopt(String owner, long leaseMillis, int room) {
        List<StoredEntry> taken = new ArrayList<>();
        Attempt a = run("take over entries of a stopped node", null, () -> {
            List<Object> rows = calls.call(ADOPT, ScriptOutputType.MULTI, SLOT, bytes(List.of(LEDGER, owner,
                    Long.toString(leaseMillis), Integer.toString(room), Integer.toString(Math.max(LOOK_AT, room * 10)))), calls.bound());
            for (Object row : rows) {
                taken.add(entry((List<?>) row));
            }
            return Sent.MADE;
        });
        return a.sent() == Sent.MADE ? taken : List.of();
    }

    @Override
    public boolean renew(String owner) {
        return lease("renew the lease", owner, "");
    }

    @Override
    public boolean release(String owner) {
        return lease("give the open entries up", owner, "0");
    }

    private boolean lease(String what, String owner, String end) {
        return run(what, null, () -> {
            calls.call(LEASE, ScriptOutputType.INTEGER, SLOT, bytes(List.of(LEDGER, owner, end)), calls.bound());
            return Sent.MADE;
        }).sent() == Sent.MADE;
    }

    @Override
    public boolean purge(long retentionMillis) {
        return run("delete rows past the retention", null, () -> {
            long gone = PURGE_BATCH;
            for (int i = 0; i < 10 && gone == PURGE_BATCH; i++) {
                gone = calls.<Long>call(PURGE, ScriptOutputType.INTEGER, SLOT, bytes(List.of(LEDGER, Long.toString(retentionMillis),
                        Integer.toString(PURGE_BATCH))), calls.bound());
            }
            return Sent.MADE;
        }).sent() == Sent.MADE;
    }

    @Override
    public Unwritable unwritable() {
        return failing;
    }

    /**
     * One call; a failure is a run of failures: {@link Sent#UNSENT} when no connection took it, else {@link Sent#UNCERTAIN}.
     * A claim no replica took in time, and a call that met a Redis Cluster's slot moving ({@link RedisFailure.Kind}), are
     * {@link Sent#UNCERTAIN} too, for that call alone: the store answers, and the writer's later insert tells.
     */
    private Attempt run(String what, Duration bound, java.util.function.Supplier<Sent> call) {
        try {
            Sent sent = call.get();
            recovered();
            return new Attempt(sent, null);
        } catch (RedisFailure e) {
            if (e.kind() == RedisFailure.Kind.NOT_REPLICATED || e.kind() == RedisFailure.Kind.MOVING) {
                return new Attempt(Sent.UNCERTAIN, e.getMessage()); // this call's own, not the store's
            }
            failed(what, e.getMessage());
            return new Attempt(e.unsent() ? Sent.UNSENT : Sent.UNCERTAIN, e.getMessage());
        } catch (RuntimeException e) {
            String cause = RedisFailure.message(e);
            failed(what, cause);
            return new Attempt(Sent.UNCERTAIN, cause);
        }
    }

    private void failed(String what, String cause) {
        synchronized (lock) {
            if (failing == null) {
                failing = new Unwritable(clock.instant(), "the ledger could not " + what + " on " + calls.where() + " (" + cause
                        + "): entries wait in this node's memory and are written once it answers");
                LOG.log(Level.WARNING, "Playtcha ledger writes to Redis fail; entries wait in memory [store={0}, step={1}, cause={2}]",
                        calls.where(), what, cause);
            }
        }
    }

    private void recovered() {
        if (failing != null) {
            synchronized (lock) {
                if (failing != null) {
                    failing = null;
                    LOG.log(Level.INFO, "Playtcha ledger writes to Redis again [store={0}]", calls.where());
                }
            }
        }
    }

    /** The outcome's fields, as the database's columns keep them (Playtcha's words bounded there too). */
    private static void settled(List<String> args, Reconciliation r) {
        VerificationResult result = r.result();
        field(args, "outcome", r.outcome().name());
        field(args, "settled_at", Long.toString(r.time().toEpochMilli()));
        if (result != null) {
            field(args, "result", result.outcome());
            field(args, "code", LedgerEntry.bounded(result.errorCode(), LedgerEntry.MAX_CAUSE_LENGTH));
            field(args, "request_id", LedgerEntry.bounded(result.requestId(), 128));
            field(args, "degraded", result.degraded() ? "1" : "0");
            if (result instanceof VerificationResult.Rejected rejected) {
                field(args, "message", LedgerEntry.bounded(rejected.message(), 512));
                field(args, "http_status", Integer.toString(rejected.httpStatus()));
            } else if (result instanceof VerificationResult.Unavailable unavailable) {
                field(args, "message", LedgerEntry.bounded(unavailable.message(), 512));
                field(args, "http_status", Integer.toString(unavailable.httpStatus()));
            }
        }
    }

    /** A field and its value, unless the value is {@code null} (a hash keeps no empty field). */
    private static void field(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name);
            args.add(value);
        }
    }

    /** The entry of a row's {@code HGETALL}. */
    static StoredEntry entry(List<?> flat) {
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            row.put(text(flat.get(i)), text(flat.get(i + 1)));
        }
        Instant recorded = Instant.ofEpochMilli(Long.parseLong(row.get("recorded")));
        LedgerEntry entry = new LedgerEntry(row.get("id"), row.getOrDefault("token", ""), recorded, row.get("path"), row.get("remote"),
                row.getOrDefault("cause", ""));
        String outcome = row.get("outcome");
        Reconciliation settled = outcome == null ? null : new Reconciliation(entry, Reconciliation.Outcome.valueOf(outcome), result(row),
                row.containsKey("settled_at") ? Instant.ofEpochMilli(Long.parseLong(row.get("settled_at"))) : entry.time());
        return new StoredEntry(entry, "1".equals(row.get("posted")), settled, Integer.parseInt(row.getOrDefault("failed", "0")));
    }

    private static VerificationResult result(Map<String, String> row) {
        String result = row.get("result");
        if (result == null) {
            return null;
        }
        int status = Integer.parseInt(row.getOrDefault("http_status", "0"));
        // Only Playtcha's answers settle an entry (ReconciliationPolicy): the source is not stored, it is known.
        return switch (result) {
            case "verified" -> new VerificationResult.Verified("1".equals(row.get("degraded")), row.get("request_id"));
            case "rejected" -> VerificationResult.Rejected.byPlaytcha(row.get("code"), row.get("message"), row.get("request_id"), status,
                    null);
            default -> VerificationResult.Unavailable.byPlaytcha(row.get("code"), row.get("message"), row.get("request_id"), status);
        };
    }

    /** The token's SHA-256, hex: what the claim's key names (never the token). */
    static String digest(String token) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return calls.where();
    }
}
