package com.playtcha.examples.quarkus.security;

import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;

/** A user name and password with the branch they log in at: a subclass, which Quarkus routes by its exact class. */
public class BranchLoginRequest extends UsernamePasswordAuthenticationRequest {

    public BranchLoginRequest(String username, PasswordCredential password) {
        super(username, password);
    }
}
