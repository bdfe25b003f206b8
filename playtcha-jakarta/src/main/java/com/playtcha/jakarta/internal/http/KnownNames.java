package com.playtcha.jakarta.internal.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The names the non-blocking posts connect to, looked up before a post needs them. HttpClient's async
 * connection manager resolves a name on whichever thread leases the connection (the caller's, or one of
 * its I/O threads), where a lookup would block that thread for as long as the name server takes. So a post
 * first asks {@link #ready}, which looks the name up on the transport's lookup threads, bounded by
 * {@code connect-timeout}, when it is not known or was looked up more than {@value #FRESH_SECONDS} s ago
 * (the JDK's own cache keeps a name 30 s by default); the pool then asks {@link #resolve}, which answers
 * from what is known and never waits. Posts that need one name at once share its lookup. IP literals are
 * used as they are. Why: design/engine.md, "The non-blocking path".
 */
final class KnownNames implements DnsResolver {

    static final long FRESH_SECONDS = 30;
    private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(FRESH_SECONDS);
    private static final CompletableFuture<Void> READY = CompletableFuture.completedFuture(null);

    private final BoundedDnsResolver lookups;
    private final Deadlines deadlines;
    private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

    private record Known(InetAddress[] addresses, long at) {
    }

    /** Looks names up on {@code lookups}' threads, each within its limit, which {@code deadlines} keeps. */
    KnownNames(BoundedDnsResolver lookups, Deadlines deadlines) {
        this.lookups = lookups;
        this.deadlines = deadlines;
    }

    /** Completes once {@code host} is known and fresh (at once when it is), or with {@link UnknownHostException}. */
    CompletableFuture<Void> ready(String host) {
        if (BoundedDnsResolver.isIpLiteral(host)) {
            return READY;
        }
        Known name = known.get(host);
        if (name != null && System.nanoTime() - name.at < FRESH_NANOS) {
            return READY;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> other = pending.putIfAbsent(host, mine);
        if (other != null) {
            return other;
        }
        CompletableFuture<InetAddress[]> found = lookups.lookup(host);
        Deadlines.Watch limit = deadlines.watch(() -> found.completeExceptionally(new UnknownHostException(host
                + ": not resolved within " + lookups.limit().toMillis() + "ms")), lookups.limit());
        found.whenComplete((addresses, failure) -> {
            limit.end();
            if (addresses != null) {
                known.put(host, new Known(addresses, System.nanoTime()));
            }
            pending.remove(host, mine);
            if (failure == null) {
                mine.complete(null);
            } else {
                mine.completeExceptionally(failure);
            }
        });
        return mine;
    }

    /** What {@link #ready} found; a literal as it is. Never waits. */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        if (BoundedDnsResolver.isIpLiteral(host)) {
            return lookups.resolve(host);
        }
        Known name = known.get(host);
        if (name == null) {
            throw new UnknownHostException(host + ": not looked up before the post");
        }
        return name.addresses.clone();
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return lookups.resolveCanonicalHostname(host);
    }
}
