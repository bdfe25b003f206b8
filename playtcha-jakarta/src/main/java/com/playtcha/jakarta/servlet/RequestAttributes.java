package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.VerificationResult;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.BiConsumer;

/**
 * Writes the request attributes {@link PlaytchaFilter} documents ({@link DecisionAttributes}), so
 * that each filter a request passes describes its own decision: an attribute with no value is
 * removed, never left over from an earlier filter.
 */
final class RequestAttributes {

    private RequestAttributes() {
    }

    /** Every attribute but the ledger id, for {@code decision} on {@code result}. */
    static void publish(HttpServletRequest request, VerificationResult result, Decision decision) {
        DecisionAttributes.publish(result, decision, setOrRemove(request));
    }

    /** The ledger id of the request's first decision: the entry's, or none when it did not fail open. */
    static void ledgerEntry(HttpServletRequest request, LedgerEntry entry) {
        DecisionAttributes.ledgerEntry(entry, setOrRemove(request));
    }

    private static BiConsumer<String, Object> setOrRemove(HttpServletRequest request) {
        return (name, value) -> {
            if (value == null) {
                request.removeAttribute(name);
            } else {
                request.setAttribute(name, value);
            }
        };
    }
}
