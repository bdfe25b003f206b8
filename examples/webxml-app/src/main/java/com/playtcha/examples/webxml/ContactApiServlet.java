package com.playtcha.examples.webxml;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * The AJAX endpoint of the contact form: the page's script sends the token in the
 * {@code Playtcha-Token} header with {@code Accept: application/json}. A blocked post never gets
 * here: the filter answers it with {@code {"error": {"code", "message", "request_id"}}} and the
 * status (403, 429 with {@code Retry-After}, 503), which the script shows. A post that gets here
 * was verified, or went through failing open; the reply says which.
 */
public class ContactApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(ContactApiServlet.class.getName());

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Read the post, as the real handler would: a body left unread can make the container close
        // the connection after replying, and a client that reuses it for its next POST gets no answer.
        String message = request.getParameter("message");
        LOG.log(Level.DEBUG, "Contact message received [chars={0}]", message == null ? 0 : message.length());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().printf("{\"sent\":true,\"outcome\":\"%s\",\"degraded\":%b,\"failed_open\":%b}",
                PlaytchaAttributes.outcome(request), PlaytchaAttributes.degraded(request),
                PlaytchaAttributes.failedOpen(request));
    }
}
