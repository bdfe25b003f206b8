package com.playtcha.jakarta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Single use holds under concurrency: every token answers 200 once, however many callers race for it. */
class ConcurrentVerifyTest {

    private PlaytchaSimulator simulator;
    private SimulatorClient client;
    private ExecutorService callers;

    @BeforeEach
    void start() {
        simulator = PlaytchaSimulator.start();
        client = new SimulatorClient(simulator);
        callers = Executors.newFixedThreadPool(32);
    }

    @AfterEach
    void stop() throws InterruptedException {
        callers.shutdownNow();
        callers.awaitTermination(10, TimeUnit.SECONDS);
        simulator.close();
    }

    @Test
    void thirtyTwoThreadsOfFiftyDistinctTokens_eachAnswer200ExactlyOnce() throws Exception {
        int threads = 32;
        int perThread = 50;
        List<List<String>> tokens = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                mine.add(simulator.mintToken());
            }
            tokens.add(mine);
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (List<String> mine : tokens) {
            results.add(callers.submit(() -> {
                go.await();
                List<Integer> statuses = new ArrayList<>();
                for (String token : mine) {
                    statuses.add(client.verify(token).status());
                }
                return statuses;
            }));
        }

        go.countDown();

        Map<Integer, Integer> byStatus = new TreeMap<>();
        for (Future<List<Integer>> result : results) {
            for (int status : result.get(30, TimeUnit.SECONDS)) {
                byStatus.merge(status, 1, Integer::sum);
            }
        }
        assertEquals(Map.of(200, threads * perThread), byStatus);
        assertEquals(threads * perThread, simulator.callCount());
        for (List<String> mine : tokens) {
            for (String token : mine) {
                assertEquals(1, simulator.callCount(token), token);
            }
        }
    }

    @Test
    void sameTokenFromSixteenThreadsAtOnce_answersOne200AndFifteen409() throws Exception {
        String token = simulator.mintToken();
        int racers = 16;
        CountDownLatch ready = new CountDownLatch(racers);
        CountDownLatch go = new CountDownLatch(1);
        Callable<SimulatorClient.Answer> race = () -> {
            ready.countDown();
            go.await();
            return client.verify(token);
        };
        List<Future<SimulatorClient.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            answers.add(callers.submit(race));
        }
        ready.await(10, TimeUnit.SECONDS);

        go.countDown();

        int successes = 0;
        int redeemed = 0;
        for (Future<SimulatorClient.Answer> future : answers) {
            SimulatorClient.Answer answer = future.get(30, TimeUnit.SECONDS);
            if (answer.status() == 200) {
                answer.assertSuccess(false);
                successes++;
            } else {
                answer.assertError(409, "already_redeemed");
                redeemed++;
            }
        }
        assertEquals(1, successes);
        assertEquals(15, redeemed);
        assertEquals(16, simulator.callCount(token));
    }

    @Test
    void degradedBand_countsEverySuccessOnceUnderConcurrency() throws Exception {
        simulator.degradedAfter(10);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            tokens.add(simulator.mintToken());
        }
        List<Future<Boolean>> degraded = new ArrayList<>();
        for (String token : tokens) {
            degraded.add(callers.submit(() -> client.verify(token).json().getBoolean("degraded")));
        }

        int notDegraded = 0;
        for (Future<Boolean> future : degraded) {
            if (!future.get(30, TimeUnit.SECONDS)) {
                notDegraded++;
            }
        }
        assertEquals(10, notDegraded);
    }
}
