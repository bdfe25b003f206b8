package com.playtcha.jakarta.testing;

import java.util.concurrent.CountDownLatch;

/** {@link PlaytchaSimulator#main}: a simulator for trying a client by hand, until the JVM is stopped. */
final class SimulatorMain {

    private SimulatorMain() {
    }

    static void run(String[] args) throws InterruptedException {
        PlaytchaSimulatorBuilder builder = PlaytchaSimulator.builder();
        for (int i = 0; i < args.length; i++) {
            if ("--port".equals(args[i]) && i + 1 < args.length) {
                builder.port(Integer.parseInt(args[++i]));
            } else {
                System.err.println("usage: PlaytchaSimulator [--port N]");
                System.exit(2);
            }
        }
        PlaytchaSimulator simulator = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "playtcha-simulator-shutdown"));
        System.out.println("Playtcha simulator: " + simulator.verifyUrl());
        System.out.println("secret:  " + simulator.secret());
        System.out.println("token:   " + simulator.mintToken());
        System.out.println("expired: " + simulator.mintExpiredToken());
        System.out.println("used:    " + simulator.mintRedeemedToken());
        System.out.println("Ctrl-C stops it.");
        stopped.await();
    }
}
