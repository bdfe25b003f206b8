package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.servlet.multipart.MultipartField;
import com.playtcha.jakarta.servlet.multipart.MultipartPrefix;
import com.playtcha.jakarta.servlet.multipart.MultipartPrefix.Unread;
import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.servlet.ServletRequestView;
import com.playtcha.jakarta.spi.store.LogThrottle;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * A servlet request as {@code PlaytchaFilter} and the login guard hand it to the web guard, and the
 * token it carries: the header first (a blank one is absent), then the form field, urlencoded or
 * multipart ({@link MultipartPrefix} without {@code @MultipartConfig}); never a JSON body
 * (docs/behaviour.md, "The filter"). Reading a multipart body ourselves leaves a wrapper that puts what
 * was read back: the request to continue with, and the one the attributes go on ({@link #continued()}).
 */
final class ServletGuardedRequest extends ServletRequestView {

    /** Longer than any token: the verifier rejects anything over 8 KiB as malformed. */
    private static final int MAX_VALUE_CHARS = 8 * 1024 + 1;
    private static final System.Logger LOG = System.getLogger(ServletGuardedRequest.class.getName());
    private static final String MULTIPART = "multipart/form-data";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final String header;
    private final String field;
    private final ToLongFunction<Unread> lines;
    private HttpServletRequest continued;

    /**
     * Looking for the token where {@code settings} say: {@code token-header}, then {@code token-parameter}; why a
     * body gave none logged when {@code lines}, the filter's ({@link #lines()}), say a line is due.
     */
    ServletGuardedRequest(HttpServletRequest request, PlaytchaSettings settings, ToLongFunction<Unread> lines) {
        super(request);
        this.header = settings.tokenHeader();
        this.field = settings.tokenParameter();
        this.lines = lines;
        this.continued = request;
    }

    /** One filter's lines of bodies that gave no token: each kind at most once per 10 s, the count since the last. */
    static ToLongFunction<Unread> lines() {
        Map<Unread, LogThrottle> throttles = new EnumMap<>(Unread.class);
        for (Unread unread : Unread.values()) {
            throttles.put(unread, new LogThrottle(10, TimeUnit.SECONDS));
        }
        return unread -> throttles.get(unread).count(System.nanoTime());
    }

    /**
     * The account name a FORM login post gives ({@code j_username}) when it is surely the one the realm checks
     * ({@link ServletRequestView#account}); {@link LoginAccount.Unnamed#UNREADABLE} under a charset this JVM does not know.
     */
    LoginAccount account() {
        String charset = request.getCharacterEncoding();
        return charset != null && MultipartField.charset(charset) == null ? LoginAccount.Unnamed.UNREADABLE
                : account(request, "j_username");
    }

    /** The request to pass down the chain or answer: the original, or the wrapper finding the token made. */
    HttpServletRequest continued() {
        return continued;
    }

    /** The attributes go on the request that continues. */
    @Override
    protected HttpServletRequest attributes() {
        return continued;
    }

    @Override
    public String token() throws IOException {
        String fromHeader = request.getHeader(header);
        if (fromHeader != null && !fromHeader.isBlank()) {
            return fromHeader;
        }
        String contentType = request.getContentType();
        // In any case, without a lower-cased copy of the header per request.
        boolean multipart = contentType != null && contentType.regionMatches(true, 0, MULTIPART, 0, MULTIPART.length());
        boolean form = contentType != null && contentType.regionMatches(true, 0, FORM, 0, FORM.length());
        String charset = request.getCharacterEncoding();
        if ((multipart || form) && charset != null && MultipartField.charset(charset) == null) {
            long since = lines.applyAsLong(Unread.CHARSET);
            LOG.log(since > 0 ? Level.INFO : Level.DEBUG, "Form body not read: its charset is not one this JVM knows "
                    + "[content_type={0}, field={1}{2}]", MultipartPrefix.printable(contentType), field,
                    since > 0 ? ", count=" + since : "");
            return null;
        }
        return multipart ? fromMultipart(contentType) : request.getParameter(field);
    }

    private String fromMultipart(String contentType) throws IOException {
        Part part;
        try {
            part = request.getPart(field);
        } catch (IllegalStateException noMultipartConfig) {
            // The target servlet has no @MultipartConfig (or the body is over its limits):
            // read the body ourselves, and hand it on intact.
            return readOurselves(contentType);
        } catch (ServletException | IOException malformed) {
            // Jetty 12 reports the IllegalStateException the spec asks for wrapped in a
            // ServletException (via its BadMessageException), with the body still unread.
            return causedBy(malformed, IllegalStateException.class) ? readOurselves(contentType) : null;
        } catch (NullPointerException noServlet) {
            // Tomcat, where no servlet is mapped (an embedded Tomcat without a default servlet, a login
            // post): it looks for the multipart config of a servlet that is not there, before it reads.
            return readOurselves(contentType);
        }
        if (part == null) {
            return null;
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readNBytes(MAX_VALUE_CHARS), StandardCharsets.UTF_8);
        }
    }

    /** A body the container refuses to us (its own size limits) gives no token: a 4xx, not a 500. */
    private String readOurselves(String contentType) throws IOException {
        try {
            MultipartPrefix.Found found = MultipartPrefix.find(request, contentType, field, lines);
            continued = found.request();
            return found.token();
        } catch (IllegalStateException bodyAlreadyTaken) {
            return null;
        }
    }

    /** Whether a cause of {@code thrown} (a few levels deep: containers wrap, not loop) is a {@code type}. */
    private static boolean causedBy(Throwable thrown, Class<? extends Throwable> type) {
        Throwable cause = thrown.getCause();
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
