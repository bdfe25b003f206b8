package com.playtcha.examples.quarkus.security;

import io.quarkus.arc.All;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** Holds identity providers through their interface, each way CDI offers, to call them around the guard (issue 93). */
@ApplicationScoped
public class InterfaceCaller {

    @Inject
    @Named("users")
    IdentityProvider<UsernamePasswordAuthenticationRequest> users;

    @Inject
    @Any
    Instance<IdentityProvider<?>> every;

    @Inject
    @Any
    InjectableInstance<IdentityProvider<?>> injectable;

    @Inject
    @All
    List<IdentityProvider<?>> listed;
}
