package com.playtcha.examples.loginsecurity;

import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The page behind the login, for the role {@code member}. */
@WebServlet("/account")
@ServletSecurity(@HttpConstraint(rolesAllowed = "member"))
public class AccountServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().println("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"><title>Account</title>"
                + "</head><body><p id=\"member\">Logged in as " + Html.escape(request.getUserPrincipal().getName())
                + "</p></body></html>");
    }
}
