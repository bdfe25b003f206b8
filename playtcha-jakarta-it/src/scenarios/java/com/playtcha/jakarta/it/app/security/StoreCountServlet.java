package com.playtcha.jakarta.it.app.security;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /store-count}: how many passwords {@link CountingIdentityStore} was asked to check. */
@WebServlet("/store-count")
public class StoreCountServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print(CountingIdentityStore.VALIDATIONS.get());
    }
}
