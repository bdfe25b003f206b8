package com.playtcha.jakarta.internal.budget.cluster;

import com.playtcha.jakarta.internal.budget.AddressKey;
import com.playtcha.jakarta.internal.budget.LoginFailures;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * One node's own failure counts, what the shared counts fall back to in these tests: plain counts
 * against the limits, no window (a test is over long before one would pass). The core's own local
 * counts are the login policy's; these only stand in for them here.
 */
public final class NodeCounts implements LoginFailures {

    private final Limits limits;
    private final Map<String, Integer> accounts = new HashMap<>();
    private final Map<Object, Integer> clients = new HashMap<>();
    private int application;

    public NodeCounts(Limits limits) {
        this.limits = limits;
    }

    @Override
    public synchronized boolean needsToken(byte[] account, String clientAddress) {
        return application > limits.applicationPerMinute()
                || account != null && accounts.getOrDefault(HexFormat.of().formatHex(account), 0) >= limits.account()
                || clientAddress != null && clients.getOrDefault(AddressKey.of(clientAddress), 0) >= limits.client();
    }

    @Override
    public synchronized boolean admit(byte[] account, String clientAddress) {
        if (needsToken(account, clientAddress)) {
            return false;
        }
        count(account, clientAddress);
        return true;
    }

    @Override
    public synchronized void admitted(byte[] account, String clientAddress, boolean accepted) {
        if (!accepted) {
            application++;
            return;
        }
        succeeded(account);
        if (clientAddress != null) {
            clients.merge(AddressKey.of(clientAddress), -1, Integer::sum);
        }
    }

    @Override
    public synchronized void failed(byte[] account, String clientAddress) {
        application++;
        count(account, clientAddress);
    }

    private void count(byte[] account, String clientAddress) {
        if (account != null) {
            accounts.merge(HexFormat.of().formatHex(account), 1, Integer::sum);
        }
        if (clientAddress != null) {
            clients.merge(AddressKey.of(clientAddress), 1, Integer::sum);
        }
    }

    @Override
    public synchronized void succeeded(byte[] account) {
        if (account != null) {
            accounts.remove(HexFormat.of().formatHex(account));
        }
    }

    /** Failures counted by this node, the application's. */
    public synchronized int failures() {
        return application;
    }
}
