package com.playtcha.jakarta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The standalone simulator's command line. */
class SimulatorOptionsTest {

    @Test
    void noArguments_port8089_tokenPage8090_documentedSecret() {
        assertEquals(new SimulatorOptions(8089, 8090, "sk_test_local", false), SimulatorOptions.parse());
    }

    @Test
    void portZero_putsBothOnFreePorts() {
        assertEquals(new SimulatorOptions(0, 0, "sk_test_local", false), SimulatorOptions.parse("--port", "0"));
    }

    @Test
    void everyOption_isTaken() {
        assertEquals(new SimulatorOptions(9000, 9100, "sk_x", false),
                SimulatorOptions.parse("--secret", "sk_x", "--mint-port", "9100", "--port", "9000"));
    }

    @Test
    void help_winsOverTheRest() {
        assertTrue(SimulatorOptions.parse("--help", "--bogus").help());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--port eighty          | --port must be a port number 0-65535, not 'eighty'",
        "--port 65536           | --port must be a port number 0-65535, not '65536'",
        "--mint-port -1         | --mint-port must be a port number 0-65535, not '-1'",
        "--port                 | --port needs a value",
        "--secret               | --secret needs a value",
        "--secret a\tb          | --secret: secret must be 1-256 visible ASCII characters without spaces",
        "--port 65535           | --mint-port is needed: --port + 1 is past 65535",
        "--port 9000 --mint-port 9000 | --mint-port must differ from --port (9000)",
        "8089                   | unknown argument '8089'",
        "--host 0.0.0.0         | unknown argument '--host'",
    })
    void badArgument_isNamed(String line, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimulatorOptions.parse(line.split(" ")));

        assertEquals(message, e.getMessage());
    }
}
