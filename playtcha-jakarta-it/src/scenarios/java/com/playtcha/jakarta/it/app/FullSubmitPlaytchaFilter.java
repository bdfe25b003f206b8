package com.playtcha.jakarta.it.app;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** docs/faces.md, way 3: Faces' AJAX requests pass unverified; the action insists on a verdict. */
public class FullSubmitPlaytchaFilter extends PlaytchaFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
            chain.doFilter(request, response);
            return;
        }
        super.doFilter(request, response, chain);
    }
}
