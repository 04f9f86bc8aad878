package io.thespis.internal.leader;

import io.thespis.proto.v1.CapabilityUpdate;
import io.thespis.proto.v1.CapabilityValue;
import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.MemberUp;
import io.thespis.proto.v1.Refusal;
import io.thespis.proto.v1.Register;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What one member may publish of itself. */
class CapabilityLimitsTest {
    @Test
    void capabilitiesWithinEveryBoundPass() {
        Map<String, CapabilityValue> capabilities = new HashMap<>();
        for (int i = 0; i < CapabilityLimits.MAX_KEYS; i++) {
            capabilities.put("k".repeat(CapabilityLimits.MAX_KEY_BYTES - 3) + i, text(850));
        }
        assertNull(CapabilityLimits.violation(capabilities));
    }

    @Test
    void eachBoundIsNamedWhenExceeded() {
        Map<String, CapabilityValue> many = new HashMap<>();
        for (int i = 0; i <= CapabilityLimits.MAX_KEYS; i++) {
            many.put("k" + i, CapabilityValue.newBuilder().setBoolValue(true).build());
        }
        assertTrue(CapabilityLimits.violation(many).contains("at most 64"));
        assertTrue(CapabilityLimits.violation(Map.of("é".repeat(65), text(1))).contains("1 to 128 bytes"));
        assertTrue(CapabilityLimits.violation(Map.of("big", text(CapabilityLimits.MAX_VALUE_BYTES)))
                .contains("at most 4096"));
        Map<String, CapabilityValue> heavy = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            heavy.put("k" + i, text(4000));
        }
        assertTrue(CapabilityLimits.violation(heavy).contains("in all; at most 65536"));
    }

    @Test
    void aRegistrationOrUpdateBeyondTheBoundsIsRefusedAndNotRun() {
        MemberInfo oversized = MemberInfo.newBuilder().setAddress("10.0.0.1:1900")
                .putCapabilities("big", text(10_000)).build();
        AtomicReference<String> refusal = new AtomicReference<>();
        boolean[] ran = new boolean[1];
        CapabilityLimits.admit(MemberUp.newBuilder().setRegister(Register.newBuilder().setMember(oversized)).build(),
                (code, reason) -> refusal.set(code + ": " + reason), () -> ran[0] = true);
        assertEquals(false, ran[0]);
        assertTrue(refusal.get().startsWith(Refusal.Code.PROTOCOL + ": what the member publishes"), refusal.get());

        refusal.set(null);
        CapabilityLimits.admit(MemberUp.newBuilder().setCapabilityUpdate(CapabilityUpdate.newBuilder()
                .putCapabilities("zone", text(10))).build(), (code, reason) -> refusal.set(reason),
                () -> ran[0] = true);
        assertNull(refusal.get());
        assertTrue(ran[0]);
    }

    @Test
    void anOverlongAddressIsRefused() {
        MemberInfo member = MemberInfo.newBuilder().setAddress("h".repeat(300)).build();
        AtomicReference<String> refusal = new AtomicReference<>();
        CapabilityLimits.admit(MemberUp.newBuilder().setRegister(Register.newBuilder().setMember(member)).build(),
                (code, reason) -> refusal.set(reason), () -> { });
        assertTrue(refusal.get().contains("address"), refusal.get());
    }

    private static CapabilityValue text(int length) {
        return CapabilityValue.newBuilder().setStringValue("v".repeat(length)).build();
    }
}
