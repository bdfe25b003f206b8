package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.spi.door.LoginPost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What counts as a login post, which filter patterns reach one, and what the guard reads of web.xml:
 * the spellings a client can choose to slip past a guard that the container would still log in with.
 */
class LoginMappingTest {

    @Test
    void theLoginActionIsTheLastSegment_inEverySpellingTheContainersAccept() {
        assertTrue(LoginPost.isLoginAction("/j_security_check"));
        assertTrue(LoginPost.isLoginAction("/app/j_security_check"));
        assertTrue(LoginPost.isLoginAction("/app/j_security_check;jsessionid=ABC"));
        assertTrue(LoginPost.isLoginAction("/app/%6A_security_check"), "percent-escapes are decoded");
        assertTrue(LoginPost.isLoginAction("/app/j_security_check/"), "Jetty takes a trailing slash too");
        assertTrue(LoginPost.isLoginAction("/app;x=y/j_security_check"));
        assertTrue(LoginPost.isLoginAction("/x%zz/j_security_%63heck"), "a % that starts no escape stops nothing");
        assertTrue(LoginPost.isLoginAction("/x%2Fj_security_check"), "an escaped slash is a slash to Elytron");
    }

    @Test
    void otherPathsAreNotLoginPosts() {
        assertFalse(LoginPost.isLoginAction(null));
        assertFalse(LoginPost.isLoginAction("/"));
        assertFalse(LoginPost.isLoginAction("/xj_security_check"));
        assertFalse(LoginPost.isLoginAction("/j_security_check.html"));
        assertFalse(LoginPost.isLoginAction("/j_security_check/more"));
        assertFalse(LoginPost.isLoginAction("/signup"));
    }

    @Test
    void filterPatternsReachTheLoginPostByTheServletRules() {
        assertTrue(LoginGuard.mapsLoginPosts("/j_security_check"));
        assertTrue(LoginGuard.mapsLoginPosts("/*"));
        assertTrue(LoginGuard.mapsLoginPosts("/account/*"));
        assertFalse(LoginGuard.mapsLoginPosts("*.do"));
        assertFalse(LoginGuard.mapsLoginPosts("/signup"));
        assertTrue(LoginGuard.namesLoginPost("/j_security_check"));
        assertFalse(LoginGuard.namesLoginPost("/*"));
    }

    @Test
    void webXml_givesTheFormLoginAndItsErrorPage() throws Exception {
        FormLoginConfig config = parse("""
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <login-config>
                    <auth-method>FORM</auth-method>
                    <form-login-config>
                      <form-login-page>/login.html</form-login-page>
                      <form-error-page> /login-error.jsp </form-error-page>
                    </form-login-config>
                  </login-config>
                </web-app>""");
        assertTrue(config.form());
        assertEquals("/login-error.jsp", config.errorPage());
        assertEquals("/login.html", config.loginPage());
        assertEquals(FormLoginConfig.NONE, parse("<web-app><login-config><auth-method>BASIC</auth-method></login-config></web-app>"));
        assertEquals(FormLoginConfig.NONE, parse("<web-app/>"));
    }

    @Test
    void webXml_isReadWithoutFetchingAnything() throws Exception {
        // An external entity would be fetched (or a local file read) by a careless parser at start-up.
        FormLoginConfig config = parse("""
                <?xml version="1.0"?>
                <!DOCTYPE web-app [ <!ENTITY page SYSTEM "http://127.0.0.1:1/never"> ]>
                <web-app><login-config><auth-method>FORM</auth-method>
                <form-login-config><form-error-page>&page;</form-error-page></form-login-config>
                </login-config></web-app>""");
        assertTrue(config.form());
        assertNull(config.errorPage());
    }

    private static FormLoginConfig parse(String xml) throws Exception {
        return FormLoginConfig.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
