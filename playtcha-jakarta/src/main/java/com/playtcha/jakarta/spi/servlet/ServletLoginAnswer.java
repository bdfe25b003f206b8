package com.playtcha.jakarta.spi.servlet;

import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.web.LoginRenderer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * SPI: a {@link LoginAnswer} told through the Servlet API, the same for every door that answers so (the library's
 * login guard, the Jakarta Security module's {@code @PlaytchaLogin}, the Spring Boot starter's login), as
 * {@link LoginRenderer} renders it: its headers on the response, what the login page reads on the request.
 */
public final class ServletLoginAnswer {

    private ServletLoginAnswer() {
    }

    /** Sets {@code answer}'s headers on {@code response} ({@code null}: none, a refusal's own) and tells the page on {@code request}. */
    public static void setHeadersAndPage(HttpServletRequest request, HttpServletResponse response, LoginAnswer answer) {
        if (response != null) {
            LoginRenderer.headers(answer, response::setHeader);
        }
        LoginRenderer.page(answer.needsToken(), request::setAttribute);
    }
}
