package com.playtcha.examples.quarkus.security;

import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An application's request that carries a password of its own kind: a card number and its PIN. */
public class PinRequest extends BaseAuthenticationRequest {

    private final String card;
    private final PasswordCredential pin;

    public PinRequest(String card, PasswordCredential pin) {
        this.card = card;
        this.pin = pin;
    }

    public String getCard() {
        return card;
    }

    public PasswordCredential getPin() {
        return pin;
    }
}
