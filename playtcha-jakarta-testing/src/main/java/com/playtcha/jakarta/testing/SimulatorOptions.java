package com.playtcha.jakarta.testing;

/**
 * The command line of the standalone simulator ({@link PlaytchaSimulator#main}).
 *
 * @param port     the verify port (0: any free one)
 * @param mintPort the token page's port (0: any free one)
 * @param secret   the default project's secret
 * @param help     {@code --help} was given: print {@link #USAGE} and stop
 */
record SimulatorOptions(int port, int mintPort, String secret, boolean help) {

    static final int DEFAULT_PORT = 8089;

    /** A test value, documented so a container can be configured before the simulator starts. */
    static final String DEFAULT_SECRET = "sk_test_local";

    static final String USAGE = """
            usage: PlaytchaSimulator [--port N] [--mint-port N] [--secret S]
              --port N       the /v1/verify port on 127.0.0.1 (default 8089; 0: any free port)
              --mint-port N  the token page's port on 127.0.0.1 (default: --port + 1; any free one when --port is 0)
              --secret S     the secret the simulated project accepts (default sk_test_local)
              --help         this text
            A test tool: it listens on loopback only and asks for no password. Never expose it.""";

    /** Reads {@code args}; an unknown or bad argument throws {@link IllegalArgumentException} naming it. */
    static SimulatorOptions parse(String... args) {
        int port = DEFAULT_PORT;
        Integer mintPort = null;
        String secret = DEFAULT_SECRET;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            switch (name) {
                case "--help", "-h" -> {
                    return new SimulatorOptions(port, 0, secret, true);
                }
                case "--port" -> port = port(name, value(args, ++i, name));
                case "--mint-port" -> mintPort = port(name, value(args, ++i, name));
                case "--secret" -> secret = secret(value(args, ++i, name));
                default -> throw new IllegalArgumentException("unknown argument '" + name + "'");
            }
        }
        return new SimulatorOptions(port, mintPort(port, mintPort), secret, false);
    }

    private static String value(String[] args, int index, String name) {
        if (index >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[index];
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new IllegalArgumentException(name + " must be a port number 0-65535, not '" + value + "'");
    }

    private static String secret(String value) {
        try {
            PlaytchaSimulator.builder().secret(value);
            return value;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--secret: " + e.getMessage(), e);
        }
    }

    private static int mintPort(int port, Integer mintPort) {
        if (mintPort == null) {
            if (port == 65535) {
                throw new IllegalArgumentException("--mint-port is needed: --port + 1 is past 65535");
            }
            return port == 0 ? 0 : port + 1;
        }
        if (mintPort != 0 && mintPort == port) {
            throw new IllegalArgumentException("--mint-port must differ from --port (" + port + ")");
        }
        return mintPort;
    }
}
