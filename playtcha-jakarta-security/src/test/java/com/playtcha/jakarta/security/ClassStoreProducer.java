package com.playtcha.jakarta.security;

import jakarta.enterprise.inject.Produces;

/** A producer declared to return the store's class: no proxy of an interface can stand in for it. */
public class ClassStoreProducer {

    @Produces
    CountingStore store() {
        return new CountingStore();
    }
}
