package com.playtcha.jakarta.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The parts of the start check that need no Quarkus start: the version floor (this project builds against one
 * Quarkus, 3.33, so no build here runs a line below it) and how a request type is seen to carry a password. The
 * refusals themselves are shown by real Quarkus builds in examples/quarkus-security-check.
 */
class GuardStartCheckTest {

    @Test
    void linesBelow327_areBelowTheFloor() {
        for (String version : new String[] {"3.20.0", "3.26.4", "3.2.12.Final", "2.16.12.Final", "3.20.3.redhat-00001"}) {
            assertTrue(GuardStartCheck.belowFloor(version), version);
        }
    }

    @Test
    void theFloorAndLaterLines_areNot() {
        for (String version : new String[] {"3.27.0", "3.27.0.CR1", "3.33.2", "3.100.0", "4.0.0", "999-SNAPSHOT"}) {
            assertFalse(GuardStartCheck.belowFloor(version), version);
        }
    }

    @Test
    void anUnknownVersion_isNotRefused() {
        assertFalse(GuardStartCheck.belowFloor(null));
        assertFalse(GuardStartCheck.belowFloor(""));
        assertFalse(GuardStartCheck.belowFloor("main"));
    }

    /** The start reads the version from quarkus-core's manifest: here, the jar this module compiles against. */
    @Test
    void quarkusCoresManifest_namesItsVersion() {
        String version = StartupEvent.class.getPackage().getImplementationVersion();
        assertTrue(version != null && version.startsWith("3."), version);
        assertFalse(GuardStartCheck.belowFloor(version));
    }

    @Test
    void aRequestHoldingAPasswordCredential_carriesAPassword_inAFieldOrAGetter_orItsSuperclasses() {
        assertEquals(Optional.of("PinRequest.pin"), GuardStartCheck.passwordMember(PinRequest.class));
        assertEquals(Optional.of("PinRequest.pin"), GuardStartCheck.passwordMember(BranchPinRequest.class));
        assertEquals(Optional.of("ComputedRequest.secret()"), GuardStartCheck.passwordMember(ComputedRequest.class));
        assertEquals(Optional.of("UsernamePasswordAuthenticationRequest.password"),
                GuardStartCheck.passwordMember(UsernamePasswordAuthenticationRequest.class));
    }

    @Test
    void aTokenRequest_carriesNone() {
        assertEquals(Optional.empty(), GuardStartCheck.passwordMember(TokenAuthenticationRequest.class));
        assertEquals(Optional.empty(), GuardStartCheck.passwordMember(ApiKeyRequest.class));
    }

    static class PinRequest extends BaseAuthenticationRequest {
        private final PasswordCredential pin = new PasswordCredential(new char[0]);
    }

    static final class BranchPinRequest extends PinRequest {
    }

    static final class ComputedRequest extends BaseAuthenticationRequest {
        PasswordCredential secret() {
            return null;
        }
    }

    static final class ApiKeyRequest extends BaseAuthenticationRequest {
        private final String key = "k";
    }
}
