package com.playtcha.jakarta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code playtcha.redis.uri}'s password shown nowhere, however the URI is malformed: the mask parses for
 * the secret, not for the scheme. Issue 71's shapes ({@code redis:/user:PW@host}, {@code redis//user:PW@host},
 * a fragment), then a few hundred malformed URIs built around known passwords: in {@link
 * PlaytchaSettings.Redis#masked}, in the settings' {@code toString()} when they are taken, and in the
 * failure's message (and its causes') when they are not, neither the password nor a long piece of it appears.
 */
class RedisUriMaskTest {

    private static final List<String> PASSWORDS = List.of("Pw7qZx9Kd2", "s3cr#et-Word", "p@ss/wo?rd-77", "a:b:c-Secret",
            "Sp ace&Mix=1", "\u00fc\u00f1\u00ed-Passw0rd", "%40Enc0ded!", "x;y,z[9]-Qw", "dbl//slash@@Pw", "tab\tand\nline");

    @ParameterizedTest
    @ValueSource(strings = {"redis:/user:PW-71-secret@host", "redis//user:PW-71-secret@host", "redis://host:6379/0#PW-71-secret",
            "redis://user:PW-71-secret@host:6379/0#PW-71-secret", "redis://user:PW-71-secret", "redis:user:PW-71-secret@host",
            "redis://host/0?password=PW-71-secret", "user:PW-71-secret@host:6379", "rediss://:PW-71-secret@host:notaport"})
    void theIssuesShapes_showNoPassword_anywhere(String uri) {
        assertHidden(uri, "PW-71-secret");
    }

    /**
     * Shapes whose password showed in part: a Sentinel password with an {@code @} left unencoded in the query (a
     * valid URI: RFC 3986 lets {@code @} stand in a query, and the start shares with it), whose part after the {@code @}
     * was taken for a host; one with an {@code &}, whose part after it was shown as a parameter of no value; and a URI
     * without its scheme whose password holds a colon, whose part before it was shown.
     */
    @ParameterizedTest
    @ValueSource(strings = {"redis-sentinel://s1:26379,s2:26379/0?sentinelPassword=Sent@inel-Word-71#mymaster",
            "redis-sentinel://playtcha:pw@s1:26379/0?sentinelUsername=watcher&sentinelPassword=Sent@inel-Word-71#mymaster",
            "rediss-sentinel://s1:26379/0?sentinelPassword=Sent@inel-Word-71&sentinelMasterId=mymaster",
            "playtcha:Sent@inel:Word-71@redis.internal:6379/0", "playtcha:SentinelW:ord-71@redis.internal:6379/0",
            "redis-sentinel://s1:26379/0?sentinelPassword=Sentinel&Word-71#mymaster"})
    void aPasswordsAtOrColon_whereTheMaskLooksForAUser_showsNoneOfIt(String uri) {
        String password = uri.contains("Sent@inel-Word-71") ? "Sent@inel-Word-71" : uri.contains("Sent@inel") ? "Sent@inel:Word-71"
                : uri.contains("Sentinel&") ? "Sentinel&Word-71" : "SentinelW:ord-71";
        String masked = PlaytchaSettings.Redis.masked(uri);
        for (String piece : password.split("[@:&]")) {
            assertTrue(!masked.contains(piece), "'" + piece + "' of the password shows for " + uri + ": " + masked);
        }
        assertHidden(uri, password);
    }

    @Test
    void aFewHundredMalformedUris_neverShowTheirPassword() {
        Set<String> uris = new LinkedHashSet<>();
        List<String[]> made = new ArrayList<>();
        Random random = new Random(71);
        List<String> leads = List.of("redis://", "redis:/", "redis//", "redis:", "", "//", "redis:///", "rediss://", "REDIS://",
                "redis-sentinel://", "http://", " redis://", "redis:\\\\", "redis:/ /", "rediss:");
        List<String> tails = List.of("@host", "@host:6379/0", "@redis.internal:6380/2#frag", "@n1:7000,n2:7001", "", "/0", "@[::1]:6379",
                "@host?db=1", "@@host", "@host:port", "@host/x", "@s1:26379,s2:26379/0#mymaster", "@host#", "?x=1", "@host:6379/0 ");
        for (String password : PASSWORDS) {
            for (String encoded : List.of(password, URLEncoder.encode(password, StandardCharsets.UTF_8))) {
                for (int i = 0; i < 30; i++) {
                    String lead = leads.get(random.nextInt(leads.size()));
                    String user = List.of("playtcha:", ":", "default:", "u:", encoded.contains(":") ? ":" : "").get(random.nextInt(5));
                    String tail = tails.get(random.nextInt(tails.size()));
                    if (user.isEmpty() && !tail.contains("@")) {
                        tail = "@" + tail; // a password alone is one only before an @: else it is a host, by any reading
                    }
                    String uri = lead + user + encoded + tail;
                    if (uris.add(uri)) {
                        made.add(new String[] {uri, password, encoded});
                    }
                }
                for (String placed : List.of("redis://host:6379/0#" + encoded, "redis://host/0?password=" + encoded,
                        "redis://host/0?clientName=web&auth_token=" + encoded, "redis://playtcha:" + encoded,
                        "redis://playtcha:" + encoded + "/0", "redis://host:6379:" + encoded)) {
                    if (uris.add(placed)) {
                        made.add(new String[] {placed, password, encoded});
                    }
                }
            }
        }
        assertTrue(made.size() >= 300, made.size() + " URIs");
        for (String[] m : made) {
            assertHidden(m[0], m[1]);
            assertHidden(m[0], m[2]);
            absent(PlaytchaSettings.Redis.masked(m[0]), m[1], m[0]);
            absent(PlaytchaSettings.Redis.masked(m[0]), m[2], m[0]);
        }
    }

    @Test
    void aWellFormedUri_keepsWhatHelps_theUserTheHostsTheDatabaseTheGroup() {
        assertEquals("rediss://playtcha:****@redis.internal:6380/2", PlaytchaSettings.Redis.masked("rediss://playtcha:pw@redis.internal:6380/2"));
        assertEquals("redis://:****@n1:7000,n2:7001", PlaytchaSettings.Redis.masked("redis://:pw@n1:7000,n2:7001"));
        assertEquals("redis-sentinel://****@s1:26379,s2/0#mymaster", PlaytchaSettings.Redis.masked("redis-sentinel://pw@s1:26379,s2/0#mymaster"));
        assertEquals("redis://redis.internal:6379/0?clientName=web", PlaytchaSettings.Redis.masked("redis://redis.internal:6379/0?clientName=web"));
    }

    /** Neither {@code secret} nor a piece of it of more than half its length (at least 5 characters) shows. */
    private static void assertHidden(String uri, String secret) {
        List<String> shown = new ArrayList<>();
        try {
            PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_0123456789abcdef").set(Setting.REDIS_URI, uri).build();
            shown.add(settings.toString());
            shown.add(String.valueOf(settings.ledger().redis()));
            shown.add(String.valueOf(settings.ledger()));
        } catch (InvalidSettingException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                shown.add(String.valueOf(c.getMessage()));
                shown.add(c.toString());
            }
        }
        for (String text : shown) {
            absent(text, secret, uri);
        }
    }

    private static void absent(String text, String secret, String uri) {
        int piece = Math.max(5, secret.length() / 2 + 1);
        for (int i = 0; i + piece <= secret.length(); i++) {
            if (text.contains(secret.substring(i, i + piece))) {
                fail("'" + secret.substring(i, i + piece) + "' of the password shows for " + uri + ": " + text);
            }
        }
    }
}
