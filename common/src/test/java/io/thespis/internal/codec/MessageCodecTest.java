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
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertEquals(MessageCodec.wireClass(message.getClass()).getName(), encoded.type());
        assertEquals(message, codec.decode(encoded.type(), encoded.bytes()));
    }

    /** Every kind of JDK collection an application is likely to send, with the plain type it decodes to. */
    static Stream<Arguments> jdkCollections() {
        Map<String, Integer> hashMap = new HashMap<>(Map.of("a", 1, "b", 2));
        return Stream.of(
                Arguments.of("Arrays.asList", Arrays.asList(1, "two", 3L), ArrayList.class),
                Arguments.of("List.of()", List.of(), ArrayList.class),
                Arguments.of("List.of(1)", List.of(1), ArrayList.class),
                Arguments.of("List.of(1, 2, 3)", List.of(1, 2, 3), ArrayList.class),
                Arguments.of("Stream.toList", Stream.of("x", "y").toList(), ArrayList.class),
                Arguments.of("Collections.unmodifiableList", Collections.unmodifiableList(new ArrayList<>(List.of(1))),
                        ArrayList.class),
                Arguments.of("Collections.unmodifiableList(LinkedList)",
                        Collections.unmodifiableList(new LinkedList<>(List.of(1, 2))), ArrayList.class),
                Arguments.of("Collections.singletonList", Collections.singletonList("only"), ArrayList.class),
                Arguments.of("Collections.emptyList", Collections.emptyList(), ArrayList.class),
                Arguments.of("Collections.synchronizedList", Collections.synchronizedList(new ArrayList<>(List.of(4))),
                        ArrayList.class),
                Arguments.of("ArrayList.subList", new ArrayList<>(List.of(1, 2, 3)).subList(1, 3), ArrayList.class),
                Arguments.of("Set.of(1)", Set.of(1), LinkedHashSet.class),
                Arguments.of("Set.of(1, 2, 3)", Set.of(1, 2, 3), LinkedHashSet.class),
                Arguments.of("Collections.unmodifiableSet", Collections.unmodifiableSet(new HashSet<>(Set.of("s"))),
                        LinkedHashSet.class),
                Arguments.of("Collections.singleton", Collections.singleton(9L), LinkedHashSet.class),
                Arguments.of("Collections.emptySet", Collections.emptySet(), LinkedHashSet.class),
                Arguments.of("HashMap.keySet", hashMap.keySet(), LinkedHashSet.class),
                Arguments.of("Collections.unmodifiableSortedSet",
                        Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(3, 1, 2))), TreeSet.class),
                Arguments.of("Map.of()", Map.of(), LinkedHashMap.class),
                Arguments.of("Map.of(a)", Map.of("a", 1), LinkedHashMap.class),
                Arguments.of("Map.of(a, b)", Map.of("a", 1, "b", List.of(2)), LinkedHashMap.class),
                Arguments.of("Collections.unmodifiableMap", Collections.unmodifiableMap(hashMap), LinkedHashMap.class),
                Arguments.of("Collections.singletonMap", Collections.singletonMap("k", "v"), LinkedHashMap.class),
                Arguments.of("Collections.emptyMap", Collections.emptyMap(), LinkedHashMap.class),
                Arguments.of("ConcurrentHashMap", new ConcurrentHashMap<>(hashMap), LinkedHashMap.class),
                Arguments.of("Collections.unmodifiableSortedMap",
                        Collections.unmodifiableSortedMap(new TreeMap<>(hashMap)), TreeMap.class));
    }

    static Stream<Arguments> jdkCollectionsInEveryFormat() {
        return Stream.of(MessageCodec.Format.values()).flatMap(format -> jdkCollections()
                .map(kind -> Arguments.of(format, kind.get()[0], kind.get()[1], kind.get()[2])));
    }

    /** A message holding a collection in fields of every declared type it may sit in. */
    record Holder(Object any, Collection<Object> collection, List<Object> list, Set<Object> set,
                  Map<String, Object> map, List<Object> nested) {
        @SuppressWarnings("unchecked")
        static Holder of(Object value) {
            return new Holder(value, value instanceof Collection<?> c ? (Collection<Object>) c : null,
                    value instanceof List<?> l ? (List<Object>) l : null,
                    value instanceof Set<?> st ? (Set<Object>) st : null,
                    value instanceof Map<?, ?> m ? (Map<String, Object>) m : null,
                    Arrays.asList(value, List.of(value)));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdkCollectionsInEveryFormat")
    void jdkCollectionsTravelAsTheirPlainShape(MessageCodec.Format format, String kind, Object collection,
                                               Class<?> plain) {
        MessageCodec codec = codec(format);
        MessageCodec.Encoded top = codec.encode(collection);
        assertEquals(plain.getName(), top.type());
        Object decoded = codec.decode(top.type(), top.bytes());
        assertEquals(plain, decoded.getClass());
        assertEquals(collection, decoded);

        Holder holder = Holder.of(collection);
        MessageCodec.Encoded encoded = codec.encode(holder);
        Holder back = (Holder) codec.decode(encoded.type(), encoded.bytes());
        assertEquals(holder, back);
        assertEquals(plain, back.any().getClass());
        assertEquals(plain, ((List<?>) back.nested().get(1)).get(0).getClass());
        String json = new String(codec(MessageCodec.Format.JSON).encode(holder).bytes(), StandardCharsets.UTF_8);
        assertFalse(json.contains("Immutable") || json.contains("$"), "only plain type ids travel: " + json);
    }

    @Test
    void collectionTypeIdsOfOlderSystemsAreReadAsPlainTypesAndNothingElseIsOpened() {
        MessageCodec codec = codec(MessageCodec.Format.JSON);
        byte[] nested = "{\"payload\":[\"java.util.ImmutableCollections$ListN\",[1,2]]}"
                .getBytes(StandardCharsets.UTF_8);
        Carrier carrier = (Carrier) codec.decode(Carrier.class.getName(), nested);
        assertEquals(ArrayList.class, carrier.payload().getClass());
        assertEquals(List.of(1, 2), carrier.payload());
        assertEquals(List.of(1, 2), codec.decode("java.util.ImmutableCollections$ListN",
                "[1,2]".getBytes(StandardCharsets.UTF_8)));
        for (String other : List.of("java.util.HashMap$KeySet", "java.util.concurrent.ConcurrentHashMap",
                "java.util.Collections$SynchronizedRandomAccessList", "java.util.ArrayDeque")) {
            assertThrows(ActorSystemException.class,
                    () -> codec.decode(other, "[]".getBytes(StandardCharsets.UTF_8)), other);
            byte[] inside = ("{\"payload\":[\"" + other + "\",[]]}").getBytes(StandardCharsets.UTF_8);
            assertThrows(ActorSystemException.class, () -> codec.decode(Carrier.class.getName(), inside), other);
        }
    }

    /** An application's own collection class is no JDK collection: its package must be allowed. */
    static final class Basket extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void anApplicationsOwnCollectionStillNeedsItsPackageAllowed() {
        MessageCodec strict = new MessageCodec(List.of(), MessageCodecTest.class.getClassLoader());
        assertEquals(Basket.class, MessageCodec.wireClass(Basket.class));
        ActorSystemException refused = assertThrows(ActorSystemException.class, () -> strict.encode(new Basket()));
        assertTrue(refused.getMessage().contains(Basket.class.getName()), refused.getMessage());
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
