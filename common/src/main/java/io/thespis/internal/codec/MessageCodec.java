package io.thespis.internal.codec;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.WritableTypeId;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.jsontype.impl.ClassNameIdResolver;
import com.fasterxml.jackson.databind.jsontype.impl.StdTypeResolverBuilder;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystemException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encodes messages that cross hosts, with Jackson (JSON), under an explicit allow-list of types: the Thespis
 * messages, JDK value types and collections, and the packages the operator allows. A type off the list is refused
 * at the sender, and on the receiving side it is refused before any class is loaded: bytes from the network never
 * choose what gets instantiated. Never Java serialization.
 *
 * <p>JDK collections travel in their plain interface shape, whatever their class ({@code List.of},
 * {@code Arrays.asList}, {@code Collections.unmodifiableMap}, ...), and decode to a plain JDK type on the list:
 * {@link ArrayList}, {@link LinkedHashSet}, {@link LinkedHashMap}, or for sorted ones {@link TreeSet} and
 * {@link TreeMap} (see {@link #wireClass}).
 */
public final class MessageCodec {
    /** The largest encoded message accepted, in bytes. */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private static final int MAX_CACHED_TYPES = 4096;

    /** The format on the wire: Smile, as fast or faster than JSON and 10% smaller (CodecBenchmark, BENCHMARKS.md). */
    private static final Format WIRE_FORMAT = Format.SMILE;
    private static final List<String> ALWAYS_ALLOWED_PREFIXES = List.of("io.thespis.actor.");
    /**
     * The collections a message decodes to: plain, mutable JDK types with a public no-argument constructor. Every
     * other JDK collection travels as one of these (see {@link #wireClass}).
     */
    private static final Set<Class<?>> PLAIN_COLLECTIONS = Set.of(
            ArrayList.class, LinkedList.class, HashMap.class, LinkedHashMap.class, TreeMap.class,
            HashSet.class, LinkedHashSet.class, TreeSet.class);
    /** The interface a collection that travels as a plain type is written as (Jackson writes its shape). */
    private static final Map<Class<?>, Class<?>> SHAPES = Map.of(
            ArrayList.class, Collection.class, LinkedHashSet.class, Set.class, TreeSet.class, SortedSet.class,
            LinkedHashMap.class, Map.class, TreeMap.class, SortedMap.class);
    private static final Set<String> JDK_TYPES = Set.of(
            "java.lang.String", "java.lang.Boolean", "java.lang.Character", "java.lang.Byte", "java.lang.Short",
            "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
            "java.math.BigInteger", "java.math.BigDecimal", "java.util.UUID",
            "java.time.Duration", "java.time.Instant", "java.time.LocalDate", "java.time.LocalDateTime",
            "java.time.LocalTime", "java.time.OffsetDateTime", "java.time.ZonedDateTime",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
            "[B", "[Ljava.lang.Object;", "[Ljava.lang.String;", "[I", "[J", "[D");
    /**
     * Names of JDK collection classes that systems before the wire shapes wrote: as type ids inside a message they
     * are read as the plain type of their shape, never loaded; as a whole message, as Jackson always read them.
     */
    private static final Map<String, String> LEGACY_COLLECTION_NAMES = legacyCollectionNames();

    /**
     * A message in its encoded form.
     *
     * @param type   the class name the bytes decode as
     * @param bytes  the encoded message
     * @param source the hash of the loaded actor source whose class {@code type} is, or {@code null} for the
     *               classpath
     */
    public record Encoded(String type, byte[] bytes, String source) {
    }

    /**
     * The class loader of a loaded actor source: classes it defines are encoded and decoded by its own codec,
     * whose allow-list is the source's packages.
     */
    public interface SourceLoader {
        /** The source's SHA-256, in lower-case hex. */
        String sourceHash();

        /** The codec of the source's classes. */
        MessageCodec codec();
    }

    /** The sources this system holds, by hash, for decoding their messages. */
    @FunctionalInterface
    public interface SourceLookup {
        /** No loaded sources. */
        SourceLookup NONE = hash -> null;

        /** The loader of source {@code hash}, or {@code null} when this system does not hold it. */
        SourceLoader find(String hash);
    }

    /** How messages are written on the wire: the same data model, text or binary. */
    public enum Format {
        /** JSON text. */
        JSON,
        /** Smile, Jackson's binary JSON. */
        SMILE
    }

    private final List<String> allowedPrefixes;
    private final ClassLoader loader;
    private final String sourceHash;
    private final SourceLookup sources;
    private final ObjectMapper mapper;
    /** Writers and readers by type: at most {@link #MAX_CACHED_TYPES} each, and only of allowed types. */
    private final Map<Class<?>, ObjectWriter> writers = new ConcurrentHashMap<>();
    private final Map<String, ObjectReader> readers = new ConcurrentHashMap<>();

    private MessageCodec(List<String> messagePackages, ClassLoader loader, Format format, String sourceHash,
                         SourceLookup sources) {
        List<String> prefixes = new ArrayList<>(ALWAYS_ALLOWED_PREFIXES);
        for (String pkg : messagePackages) {
            prefixes.add(pkg.endsWith(".") ? pkg : pkg + ".");
        }
        this.allowedPrefixes = List.copyOf(prefixes);
        this.loader = loader;
        this.sourceHash = sourceHash;
        this.sources = sources;
        this.mapper = format == Format.SMILE ? configure(SmileMapper.builder(), this::isAllowed, loader)
                : configure(JsonMapper.builder(), this::isAllowed, loader);
    }

    /**
     * A codec writing {@code format}, allowing the Thespis and JDK types plus classes under {@code messagePackages},
     * loading classes with {@code loader}.
     */
    public MessageCodec(List<String> messagePackages, ClassLoader loader, Format format) {
        this(messagePackages, loader, format, null, SourceLookup.NONE);
    }

    /** A codec writing the wire format Thespis uses (see the README's design notes for the measurement). */
    public MessageCodec(List<String> messagePackages, ClassLoader loader) {
        this(messagePackages, loader, WIRE_FORMAT, null, SourceLookup.NONE);
    }

    /**
     * A codec writing the wire format that also decodes the messages of the loaded sources {@code sources} finds.
     */
    public MessageCodec(List<String> messagePackages, ClassLoader loader, SourceLookup sources) {
        this(messagePackages, loader, WIRE_FORMAT, null, sources);
    }

    /** The codec of a loaded source's classes: its allow-list is the source's own packages. */
    public static MessageCodec forSource(String sourceHash, Collection<String> packages, ClassLoader loader) {
        return new MessageCodec(List.copyOf(packages), loader, WIRE_FORMAT, sourceHash, SourceLookup.NONE);
    }

    private static Map<String, String> legacyCollectionNames() {
        Map<String, String> names = new HashMap<>();
        for (String list : List.of("ImmutableCollections$ListN", "ImmutableCollections$List12",
                "Collections$UnmodifiableRandomAccessList", "Collections$UnmodifiableList", "Collections$EmptyList",
                "Collections$SingletonList", "Arrays$ArrayList")) {
            names.put("java.util." + list, ArrayList.class.getName());
        }
        for (String set : List.of("ImmutableCollections$SetN", "ImmutableCollections$Set12",
                "Collections$UnmodifiableSet", "Collections$EmptySet", "Collections$SingletonSet")) {
            names.put("java.util." + set, LinkedHashSet.class.getName());
        }
        for (String map : List.of("ImmutableCollections$MapN", "ImmutableCollections$Map1",
                "Collections$UnmodifiableMap", "Collections$EmptyMap", "Collections$SingletonMap")) {
            names.put("java.util." + map, LinkedHashMap.class.getName());
        }
        return Map.copyOf(names);
    }

    /**
     * The class a value of {@code type} travels as. A JDK collection that is not one of the plain types
     * ({@code List.of}, {@code Arrays.asList}, {@code Collections.unmodifiableList}, {@code Collections.singleton},
     * a map's key set, a {@code ConcurrentHashMap}, ...) travels as the plain type of its interface: a list (or
     * another collection) as an {@link ArrayList}, a set as a {@link LinkedHashSet} (a sorted one as a
     * {@link TreeSet}), a map as a {@link LinkedHashMap} (a sorted one as a {@link TreeMap}), keeping its order. It
     * decodes to that type: equal, but mutable, and a sorted one in its elements' natural order. Any other class
     * travels as itself.
     */
    static Class<?> wireClass(Class<?> type) {
        boolean jdkCollectionClass = type.getClassLoader() == null && type.getName().startsWith("java.util.");
        if (!jdkCollectionClass || PLAIN_COLLECTIONS.contains(type)) {
            return type;
        }
        if (SortedSet.class.isAssignableFrom(type)) {
            return TreeSet.class;
        }
        if (Set.class.isAssignableFrom(type)) {
            return LinkedHashSet.class;
        }
        if (Collection.class.isAssignableFrom(type)) {
            return ArrayList.class;
        }
        if (SortedMap.class.isAssignableFrom(type)) {
            return TreeMap.class;
        }
        if (Map.class.isAssignableFrom(type)) {
            return LinkedHashMap.class;
        }
        return type;
    }

    /** The allowed type a type id inside a message decodes as: itself, or the plain type of a legacy name. */
    private static String decodedType(String typeName) {
        return LEGACY_COLLECTION_NAMES.getOrDefault(typeName, typeName);
    }

    /** Whether values of class {@code typeName} may cross hosts. */
    public boolean isAllowed(String typeName) {
        if (JDK_TYPES.contains(typeName) || LEGACY_COLLECTION_NAMES.containsKey(typeName)) {
            return true;
        }
        for (String prefix : allowedPrefixes) {
            if (typeName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Encodes {@code message}.
     *
     * @throws ActorSystemException naming the type when it, or a value inside it, may not cross hosts
     */
    public Encoded encode(Object message) {
        if (message.getClass().getClassLoader() instanceof SourceLoader source && source.codec() != this) {
            return source.codec().encode(message);
        }
        Class<?> wire = wireClass(message.getClass());
        String type = wire.getName();
        if (!isAllowed(type)) {
            throw refused(type);
        }
        byte[] bytes = Scalars.encode(message);
        try {
            if (bytes == null) {
                bytes = writer(wire == message.getClass() ? wire : SHAPES.get(wire)).writeValueAsBytes(message);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ActorSystemException("cannot encode a " + type + " to send it to another host: "
                    + rootMessage(e), e);
        }
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw new ActorSystemException("a " + type + " encodes to " + bytes.length + " bytes; messages that cross "
                    + "hosts are limited to " + MAX_MESSAGE_BYTES + " bytes");
        }
        return new Encoded(type, bytes, sourceHash);
    }

    /**
     * Decodes a message of {@code type}. The type is checked against the allow-list before its class is loaded.
     *
     * @throws ActorSystemException when the type is not allowed or the bytes do not decode as it
     */
    public Object decode(String type, byte[] bytes) {
        return decode(type, bytes, null);
    }

    /**
     * Decodes a message of {@code type} from the loaded source {@code source} ({@code null} or empty for the
     * classpath), with that source's codec.
     *
     * @throws ActorSystemException when this system does not hold the source, the type is not allowed or the bytes
     *                              do not decode as it
     */
    public Object decode(String type, byte[] bytes, String source) {
        if (source != null && !source.isEmpty() && !source.equals(sourceHash)) {
            SourceLoader loaded = sources.find(source);
            if (loaded == null) {
                throw new ActorSystemException("cannot decode a message of type " + type + " from source " + source
                        + ": this system does not hold that source");
            }
            return loaded.codec().decode(type, bytes, source);
        }
        if (!isAllowed(type)) {
            throw refused(type);
        }
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw new ActorSystemException("refused a " + bytes.length + "-byte " + type + ": over the limit of "
                    + MAX_MESSAGE_BYTES + " bytes");
        }
        if (Scalars.isScalar(type)) {
            return Scalars.decode(type, bytes);
        }
        try {
            // A legacy name at the top was written without a type id (its class is final): Jackson reads it as
            // that JDK class, as it always did; nested ones carry ids, read as their plain type.
            return reader(type).readValue(bytes);
        } catch (ClassNotFoundException e) {
            throw new ActorSystemException("cannot decode a message of type " + type + ": no such class here", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ActorSystemException("cannot decode a message of type " + type + ": " + rootMessage(e), e);
        }
    }

    /** The writer of {@code type}, made once: making one per message costs more than writing a small message. */
    private ObjectWriter writer(Class<?> type) {
        ObjectWriter writer = writers.get(type);
        if (writer == null) {
            writer = mapper.writerFor(type);
            if (writers.size() < MAX_CACHED_TYPES) {
                writers.put(type, writer);
            }
        }
        return writer;
    }

    /** The reader of allowed type {@code type}, made once (its class loaded once). */
    private ObjectReader reader(String type) throws ClassNotFoundException {
        ObjectReader reader = readers.get(type);
        if (reader == null) {
            reader = mapper.readerFor(Class.forName(type, false, loader));
            if (readers.size() < MAX_CACHED_TYPES) {
                readers.put(type, reader);
            }
        }
        return reader;
    }

    private ActorSystemException refused(String type) {
        return new ActorSystemException("message type " + type + " may not cross hosts: only the io.thespis.actor "
                + "messages, JDK value types and collections, and classes in the allowed message packages "
                + allowedPrefixes.subList(ALWAYS_ALLOWED_PREFIXES.size(), allowedPrefixes.size())
                + " may; allow its package with ActorSystem.builder().messagePackages(...) or thespis member "
                + "--message-packages");
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private interface TypeFilter {
        boolean isAllowed(String typeName);
    }

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> M configure(B builder, TypeFilter filter,
                                                                                      ClassLoader loader) {
        PolymorphicTypeValidator validator = new AllowListValidator(filter);
        SimpleModule addresses = new SimpleModule("thespis-addresses")
                .addSerializer(ActorAddress.class, new AddressSerializer())
                .addDeserializer(ActorAddress.class, new AddressDeserializer());
        // Type ids inside a message resolve with this codec's loader, so a source's own classes are found.
        TypeFactory types = loader == null ? TypeFactory.defaultInstance()
                : TypeFactory.defaultInstance().withClassLoader(loader);
        // Values in fields of a non-final declared type (Object, List, ...) carry their class name, which is
        // checked against the allow-list when written (so the sender learns at once) and when read (before any
        // class is loaded).
        StdTypeResolverBuilder typing = new ObjectMapper.DefaultTypeResolverBuilder(
                ObjectMapper.DefaultTyping.NON_FINAL, validator)
                .init(JsonTypeInfo.Id.CLASS, new AllowListIdResolver(types, validator, filter))
                .inclusion(JsonTypeInfo.As.PROPERTY);
        M mapper = builder
                .addModule(addresses)
                .addModule(new JavaTimeModule())
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.AUTO_DETECT_GETTERS)
                .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                .setDefaultTyping(typing)
                .typeFactory(types)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(200).maxStringLength(MAX_MESSAGE_BYTES).maxNumberLength(200).build());
        return mapper;
    }

    /** Lets Jackson resolve a type id only to a class on the allow-list, decided by name before loading it. */
    private static final class AllowListValidator extends PolymorphicTypeValidator.Base {
        private static final long serialVersionUID = 1L;
        private final transient TypeFilter filter;

        AllowListValidator(TypeFilter filter) {
            this.filter = filter;
        }

        @Override
        public Validity validateSubClassName(MapperConfig<?> config, JavaType baseType, String subClassName) {
            return filter.isAllowed(subClassName) ? Validity.ALLOWED : Validity.DENIED;
        }

        @Override
        public Validity validateSubType(MapperConfig<?> config, JavaType baseType, JavaType subType) {
            return filter.isAllowed(subType.getRawClass().getName()) ? Validity.ALLOWED : Validity.DENIED;
        }
    }

    /**
     * Class-name type ids that must be on the allow-list, both ways. A JDK collection's id is its wire class's
     * ({@link #wireClass}); a legacy collection name read is its plain type's.
     */
    private static final class AllowListIdResolver extends ClassNameIdResolver {
        private final TypeFilter filter;

        AllowListIdResolver(TypeFactory types, PolymorphicTypeValidator validator, TypeFilter filter) {
            super(types.constructType(Object.class), types, validator);
            this.filter = filter;
        }

        @Override
        public String idFromValue(Object value) {
            Class<?> wire = wireClass(value.getClass());
            return checked(wire != value.getClass() ? wire.getName() : super.idFromValue(value));
        }

        @Override
        public String idFromValueAndType(Object value, Class<?> type) {
            Class<?> wire = wireClass(type);
            return checked(wire != type ? wire.getName() : super.idFromValueAndType(value, type));
        }

        @Override
        public JavaType typeFromId(DatabindContext context, String id) throws IOException {
            return super.typeFromId(context, decodedType(id));
        }

        private String checked(String id) {
            if (!filter.isAllowed(id)) {
                throw new IllegalArgumentException("message type " + id + " (inside the message) may not cross hosts");
            }
            return id;
        }
    }

    /** An address as {@code {"system": ..., "id": ...}}. */
    private static final class AddressSerializer extends StdSerializer<ActorAddress> {
        AddressSerializer() {
            super(ActorAddress.class);
        }

        @Override
        public void serialize(ActorAddress address, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartObject();
            writeFields(address, out);
            out.writeEndObject();
        }

        @Override
        public void serializeWithType(ActorAddress address, JsonGenerator out, SerializerProvider provider,
                                      TypeSerializer typeSerializer) throws IOException {
            WritableTypeId typeId = typeSerializer.writeTypePrefix(out,
                    typeSerializer.typeId(address, JsonToken.START_OBJECT));
            writeFields(address, out);
            typeSerializer.writeTypeSuffix(out, typeId);
        }

        private static void writeFields(ActorAddress address, JsonGenerator out) throws IOException {
            out.writeStringField("system", address.system());
            out.writeNumberField("id", address.actorId());
        }
    }

    private static final class AddressDeserializer extends StdDeserializer<ActorAddress> {
        AddressDeserializer() {
            super(ActorAddress.class);
        }

        @Override
        public ActorAddress deserialize(JsonParser in, DeserializationContext context) throws IOException {
            JsonNode node = in.readValueAsTree();
            JsonNode system = node.get("system");
            JsonNode id = node.get("id");
            if (system == null || !system.isTextual() || id == null || !id.canConvertToLong()) {
                throw context.weirdStringException(String.valueOf(node), ActorAddress.class,
                        "an actor address needs a text 'system' and a numeric 'id'");
            }
            return ActorAddress.of(system.asText(), id.asLong());
        }
    }
}
