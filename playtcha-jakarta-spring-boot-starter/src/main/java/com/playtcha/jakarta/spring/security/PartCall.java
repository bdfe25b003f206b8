package com.playtcha.jakarta.spring.security;

/**
 * A call of a part the guard holds, made of the part itself (an {@code Authentication}, a {@code Mono}, or an
 * encoder's {@code Boolean}): what a check frame runs inside a check, and a part's guard hands it.
 *
 * <p>Internal to the starter, not an API: public so that the reactive guard's parts pass it too.
 */
@FunctionalInterface
public interface PartCall {

    /** The part's own answer, as its code gives it. */
    Object proceed() throws Throwable;
}
