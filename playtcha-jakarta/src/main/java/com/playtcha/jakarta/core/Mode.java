package com.playtcha.jakarta.core;

/** Whether a decision is carried out. Set by {@code playtcha.mode}. */
public enum Mode {
    /** Requests that the decision table blocks are blocked. The default. */
    ENFORCE,
    /**
     * Nothing is blocked; the request attributes and logs say what {@link #ENFORCE} would have
     * done. For rolling the filter out on a live form before trusting it.
     */
    OBSERVE
}
