package io.thespis.internal.codec;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorSystemConventionUpdate;
import io.thespis.actor.ActorSystemException;
import io.thespis.actor.ChildActorExited;
import io.thespis.actor.DeadEnvelope;
import io.thespis.actor.PoisonMessage;
import io.thespis.actor.WakeupMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageCodecTest {
    private static MessageCodec codec(MessageCodec.Format format) {
        return new MessageCodec(List.of("io.thespis.internal.codec"), MessageCodecTest.class.getClassLoader(), format);
    }

    record Order(String item, int quantity, Object note, List<Object> tags, Map<String, Object> extra,
                 ActorAddress replyTo) {
    }

    static final class Plain {
        String name;
        long count;

        Plain() {
        }

        Plain(String name, long count) {
            this.name = name;
            this.count = count;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Plain that && name.equals(that.name) && count == that.count;
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    static Stream<Object> messages() {
        ActorAddress address = ActorAddress.of("10.0.0.1:1900/k3", 42);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("count", 3L);
        extra.put("ratio", 0.5);
        extra.put("nested", List.of("a", 1));
        return Stream.of("hello", 7, 7L, 2.5, true, new BigDecimal("1.10"), UUID.randomUUID(),
                Instant.ofEpochSecond(1_700_000_000L), Duration.ofMillis(1500), address,
                List.of(1, "two", 3L), new ArrayList<>(List.of("x")), Map.of("k", "v"), Set.of(1),
                new ActorExitRequest(), new ChildActorExited(address),
                new PoisonMessage(new Order("tea", 2, "hot", List.of(address), extra, address), "failed twice"),
                new DeadEnvelope(address, List.of(address, 5L)),
                new DeadEnvelope(address, "late", "unreachable for 10 s"),
                new WakeupMessage(Duration.ofSeconds(1), "tick"),
                new ActorSystemConventionUpdate("10.0.0.2:1900", Map.of("Has DB access", true, "gpus", 2), true),
                new Order("coffee", 1, null, List.of(), Map.of(), address),
                new Plain("plain", 9L));
    }

    static Stream<Arguments> messagesInEveryFormat() {
        return Stream.of(MessageCodec.Format.values())
                .flatMap(format -> messages().map(message -> Arguments.of(format, message)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("messagesInEveryFormat")
    void everyAllowedMessageSurvivesTheRoundTrip(MessageCodec.Format format, Object message) {
        MessageCodec codec = codec(format);
        MessageCodec.Encoded encoded = codec.encode(message);
        assertEquals(message.getClass().getName(), encoded.type());
        assertEquals(message, codec.decode(encoded.type(), encoded.bytes()));
    }

    @ParameterizedTest
    @EnumSource(MessageCodec.Format.class)
    void byteArraysSurvive(MessageCodec.Format format) {
        MessageCodec codec = codec(format);
        byte[] bytes = {1, 2, 3};
        MessageCodec.Encoded encoded = codec.encode(bytes);
        assertArrayEquals(bytes, (byte[]) codec.decode(encoded.type(), encoded.bytes()));
    }

    record Carrier(Object payload) {
    }

    @ParameterizedTest
    @EnumSource(MessageCodec.Format.class)
    void aDisallowedTypeIsRefusedAtTheSenderNamingIt(MessageCodec.Format format) {
        MessageCodec codec = codec(format);
        MessageCodec strict = new MessageCodec(List.of(), MessageCodecTest.class.getClassLoader(), format);
        ActorSystemException top = assertThrows(ActorSystemException.class, () -> strict.encode(new Plain("x", 1)));
        assertTrue(top.getMessage().contains(Plain.class.getName()), top.getMessage());
        assertTrue(top.getMessage().contains("messagePackages"), top.getMessage());
        ActorSystemException nested = assertThrows(ActorSystemException.class,
                () -> codec.encode(new Carrier(new Thread())));
        assertTrue(nested.getMessage().contains("java.lang.Thread"), nested.getMessage());
    }

    @Test
    void bytesNamingADisallowedTypeAreRefusedBeforeAnyClassIsLoaded() {
        MessageCodec codec = codec(MessageCodec.Format.JSON);
        byte[] hostile = ("{\"payload\":{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"sh\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        ActorSystemException nested = assertThrows(ActorSystemException.class,
                () -> codec.decode(Carrier.class.getName(), hostile));
        assertTrue(nested.getMessage().contains("java.lang.ProcessBuilder"), nested.getMessage());
        ActorSystemException top = assertThrows(ActorSystemException.class,
                () -> codec.decode("java.lang.ProcessBuilder", "{}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(top.getMessage().contains("may not cross hosts"), top.getMessage());
    }

    @Test
    void aDeadEnvelopeFromASystemThatSendsNoReasonIsUndeliverable() {
        MessageCodec codec = codec(MessageCodec.Format.JSON);
        byte[] withoutReason = "{\"deadAddress\":{\"system\":\"10.0.0.1:1900/k3\",\"id\":42},\"deadMessage\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(new DeadEnvelope(ActorAddress.of("10.0.0.1:1900/k3", 42), "x", DeadEnvelope.UNDELIVERABLE),
                codec.decode(DeadEnvelope.class.getName(), withoutReason));
    }

    @Test
    void malformedAndOversizedBytesAreRefused() {
        MessageCodec codec = codec(MessageCodec.Format.JSON);
        assertThrows(ActorSystemException.class,
                () -> codec.decode(Order.class.getName(), "{not json".getBytes(StandardCharsets.UTF_8)));
        byte[] deep = ("[".repeat(1000) + "]".repeat(1000)).getBytes(StandardCharsets.UTF_8);
        assertThrows(ActorSystemException.class, () -> codec.decode("java.util.ArrayList", deep));
        byte[] huge = new byte[MessageCodec.MAX_MESSAGE_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');
        assertThrows(ActorSystemException.class, () -> codec.decode("java.lang.String", huge));
    }

    @Test
    void scalarsTravelAsTheirOwnBytesAndAWrongSizeIsRefused() {
        MessageCodec codec = new MessageCodec(List.of(), MessageCodecTest.class.getClassLoader());
        for (Object scalar : List.of("héllo", 42, -7L, 2.5, true)) {
            MessageCodec.Encoded encoded = codec.encode(scalar);
            assertEquals(scalar.getClass().getName(), encoded.type());
            assertEquals(scalar, codec.decode(encoded.type(), encoded.bytes()));
        }
        assertEquals(4, codec.encode(42).bytes().length);
        ActorSystemException refused = assertThrows(ActorSystemException.class,
                () -> codec.decode("java.lang.Integer", new byte[3]));
        assertTrue(refused.getMessage().contains("3 bytes, expected 4"), refused.getMessage());
    }
}
