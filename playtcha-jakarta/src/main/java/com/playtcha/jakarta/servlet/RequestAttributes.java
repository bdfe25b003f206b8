package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.VerificationResult;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Writes the request attributes {@link PlaytchaFilter} documents, so that each filter a request
 * passes describes its own decision: an attribute with no value is removed, never left over from
 * an earlier filter.
 */
final class RequestAttributes {

    private RequestAttributes() {
    }

    /** Every attribute but the ledger id, for {@code decision} on {@code result}. */
    static void publish(HttpServletRequest request, VerificationResult result, Decision decision) {
        request.setAttribute(PlaytchaFilter.RESULT, result);
        request.setAttribute(PlaytchaFilter.OUTCOME, result.outcome());
        request.setAttribute(PlaytchaFilter.DEGRADED, result.degraded());
        request.setAttribute(PlaytchaFilter.FAILED_OPEN, decision.failedOpen());
        setOrRemove(request, PlaytchaFilter.ERROR_CODE, result.errorCode());
        setOrRemove(request, PlaytchaFilter.REQUEST_ID, result.requestId());
    }

    /** The ledger id of the request's first decision: the entry's, or none when it did not fail open. */
    static void ledgerEntry(HttpServletRequest request, LedgerEntry entry) {
        setOrRemove(request, PlaytchaFilter.LEDGER_ID, entry == null ? null : entry.id());
    }

    private static void setOrRemove(HttpServletRequest request, String name, String value) {
        if (value == null) {
            request.removeAttribute(name);
        } else {
            request.setAttribute(name, value);
        }
    }
}
