package com.playtcha.examples.webxml;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * One form (contact, signup or payment, by init-params {@code title} and {@code field}): GET shows
 * it, POST accepts it. PlaytchaFilter sits in front of the POST, so this servlet only ever sees a
 * post that the filter let through: verified, or (fail-open) Playtcha unavailable. It shows which,
 * with every request attribute, where a real application would store the signup.
 *
 * <p>The {@code playtcha-token} input stands in for the Playtcha widget, which fills a hidden input
 * of that name in a real page.
 */
public class FormServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private String title;
    private String field;

    @Override
    public void init() throws ServletException {
        title = getInitParameter("title");
        field = getInitParameter("field");
        if (title == null || field == null) {
            throw new ServletException("FormServlet '" + getServletName() + "' needs init-params title and field");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = Html.begin(response, title);
        out.printf("<form method=\"post\" action=\"%s\">%n", Html.escape(request.getServletPath().substring(1)));
        out.printf("<label>%s <input name=\"%s\" value=\"\"></label>%n", Html.escape(field), Html.escape(field));
        out.println("<label>playtcha-token (the widget fills this) <input name=\"playtcha-token\" value=\"\"></label>");
        out.println("<button type=\"submit\">Send</button></form>");
        Html.end(out);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String value = request.getParameter(field);
        PrintWriter out = Html.begin(response, title);
        String how = PlaytchaAttributes.failedOpen(request)
                ? "Playtcha could not be asked; this form fails open, so the post went through unverified."
                : PlaytchaAttributes.degraded(request)
                        ? "The token is good (Playtcha is in its degraded quota band, still a success)."
                        : "The token is good.";
        out.printf("<p id=\"decision\" data-status=\"%d\">accepted</p><p id=\"why\">%s</p>%n",
                HttpServletResponse.SC_OK, Html.escape(how));
        out.printf("<p>%s: <b>%s</b></p>%n", Html.escape(field), Html.escape(value == null ? "" : value));
        Html.attributes(out, PlaytchaAttributes.of(request));
        Html.end(out);
    }
}
