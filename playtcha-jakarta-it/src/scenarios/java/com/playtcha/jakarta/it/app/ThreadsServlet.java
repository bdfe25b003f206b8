package com.playtcha.jakarta.it.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * A diagnostic page, deployed in a WAR of its own (without the library): the names of the live
 * threads of the container's JVM, one per line, so a test can see a verifier thread that outlived
 * its application.
 */
public class ThreadsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName).sorted().collect(Collectors.joining("\n")));
    }
}
