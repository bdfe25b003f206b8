package com.playtcha.jakarta.spi.servlet;

import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;

/**
 * SPI: a {@link LoginAnswer} told through the Servlet API, the same for every door that answers so (the library's
 * login guard, the Jakarta Security module's {@code @PlaytchaLogin}, the Spring Boot starter's login): the client
 * reads {@value LoginProtocol#TOKEN_SPENT_HEADER} and {@value LoginProtocol#NEEDS_TOKEN_HEADER}, the login page the
 * request attribute {@value #NEEDS_TOKEN_ATTRIBUTE} and {@code playtcha.loginNeedsToken} under {@value #EL_NAME}.
 */
public final class ServletLoginAnswer {

    /** Request attribute, a Boolean: whether the login page should show the widget. */
    public static final String NEEDS_TOKEN_ATTRIBUTE = "com.playtcha.login-needs-token";
    /** Request attribute that answers the same as the EL name {@code playtcha.loginNeedsToken}. */
    public static final String EL_NAME = "playtcha";

    private ServletLoginAnswer() {
    }

    /**
     * Sets the headers of {@code answer} on {@code response} (none where there is no response: a refusal a door
     * writes with its own, a check Spring bound no response to) and tells the page on {@code request}.
     */
    public static void setHeadersAndPage(HttpServletRequest request, HttpServletResponse response, LoginAnswer answer) {
        if (response != null) {
            response.setHeader(LoginProtocol.TOKEN_SPENT_HEADER, Boolean.toString(answer.attempt().tokenSpent()));
            response.setHeader(LoginProtocol.NEEDS_TOKEN_HEADER, Boolean.toString(answer.needsToken()));
        }
        setPage(request, answer.needsToken());
    }

    /** Tells the login page whether to show the widget, in the attribute and the EL map, for JSP and Faces alike. */
    public static void setPage(HttpServletRequest request, boolean needsToken) {
        request.setAttribute(NEEDS_TOKEN_ATTRIBUTE, needsToken);
        request.setAttribute(EL_NAME, Map.of("loginNeedsToken", needsToken));
    }
}
