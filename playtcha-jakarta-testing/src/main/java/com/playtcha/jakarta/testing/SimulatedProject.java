package com.playtcha.jakarta.testing;

/**
 * A Playtcha project known to the simulator: tokens are minted for a project and verify only with
 * its secret.
 *
 * @param id     the project id, embedded in the tokens minted for it
 * @param secret the server secret that verifies those tokens
 */
public record SimulatedProject(String id, String secret) {

    @Override
    public String toString() {
        return "SimulatedProject[id=" + id + ", secret=****]";
    }
}
