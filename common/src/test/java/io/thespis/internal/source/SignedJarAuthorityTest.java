package io.thespis.internal.source;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.InvalidSourceException;
import io.thespis.actor.SystemBase;
import io.thespis.testing.SourceJars;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in Source Authority: every entry but the signature files signed by a trusted certificate, or the jar is
 * refused, naming the entry; and the structural refusals of {@link SourceJar} a signed jar can be dressed up to pass.
 */
class SignedJarAuthorityTest {
    @TempDir
    static Path files;
    static SourceJars.Signer trusted;
    static SourceJars.Signer rogue;
    static Path trustStore;
    static SignedJarAuthority authority;
    static byte[] unsigned;
    static byte[] signed;
    private static final long MAX_BYTES = 1 << 20;

    @BeforeAll
    static void makeKeysAndJars() {
        trusted = SourceJars.newSigner(files, "release");
        rogue = SourceJars.newSigner(files, "rogue");
        trustStore = SourceJars.trustStore(files, trusted);
        authority = SignedJarAuthority.fromTrustStore(trustStore, SourceJars.storePassword().toCharArray());
        unsigned = SourceJars.compile(Map.of("demo.hello.Hello", SourceJars.hello("Hello, signed world!")));
        signed = SourceJars.sign(unsigned, trusted);
    }

    /** Why {@code jar} is refused: when it is read (its structure or signature), or by the authority. */
    private static String refusal(byte[] jar) {
        Optional<String> refusal;
        try {
            refusal = authority.refusal(SourceJar.read(jar, MAX_BYTES));
        } catch (InvalidSourceException e) {
            return e.getMessage();
        }
        assertTrue(refusal.isPresent(), "the jar should have been refused");
        return refusal.get();
    }

    /** A class file named {@code internalName} whose actor answers every message with "pwned". */
    private static byte[] evilClass(String internalName) {
        byte[] jar = SourceJars.compile(Map.of("demo.hello.Hello", SourceJars.hello("pwned")));
        return SourceJars.renamedClass(SourceJars.entry(jar, "demo/hello/Hello.class"), "demo/hello/Hello",
                internalName);
    }

    @Test
    void aJarSignedByATrustedKeyIsValid() {
        assertEquals(Optional.empty(), authority.refusal(SourceJar.read(signed, MAX_BYTES)));
    }

    @Test
    void anUnsignedJarIsRefused() {
        assertTrue(refusal(unsigned).contains("is not signed"), refusal(unsigned));
    }

    @Test
    void aJarSignedByAnotherKeyIsRefused() {
        String why = refusal(SourceJars.sign(unsigned, rogue));
        assertTrue(why.contains("CN=rogue") && why.contains("not in " + trustStore), why);
    }

    @Test
    void aTamperedEntryIsRefused() {
        byte[] tampered = SourceJars.withEntryReplaced(signed, "demo/hello/Hello.class",
                SourceJars.compile(Map.of("demo.hello.Hello", SourceJars.hello("pwned"))).clone());
        String why = refusal(tampered);
        assertTrue(why.contains("tampered"), why);
    }

    @Test
    void anEntryAddedAfterSigningIsRefused() {
        String why = refusal(SourceJars.withExtraEntry(signed, "demo/hello/Extra.class",
                "not really a class".getBytes(StandardCharsets.UTF_8)));
        assertTrue(why.contains("entry demo/hello/Extra.class is not signed"), why);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"META-INF/SIG-Evil.class", "META-INF/SIG-EVIL", "META-INF/services/demo.Plugin",
            "meta-inf/Evil.class", "META-INF/versions/9/demo/hello/Hello.class"})
    void anUnsignedEntryUnderMetaInfIsRefusedByName(String name) {
        String why = refusal(SourceJars.withExtraEntry(signed, name, evilClass("META-INF/SIG-Evil")));
        assertTrue(why.contains("entry " + name + " is not signed"), why);
    }

    @Test
    void anEntrySignedOnlyByAnotherSignerIsRefused() {
        byte[] resigned = SourceJars.sign(SourceJars.withExtraEntry(signed, "demo/hello/Extra.class",
                evilClass("demo/hello/Extra")), rogue);
        String why = refusal(resigned);
        assertTrue(why.contains("entry demo/hello/Extra.class is signed by CN=rogue"), why);
    }

    @Test
    void aManifestRewrittenToMatchATamperedEntryIsRefused() {
        byte[] evil = evilClass("demo/hello/Hello");
        String manifest = new String(SourceJars.entry(signed, "META-INF/MANIFEST.MF"), StandardCharsets.UTF_8);
        String forged = manifest.replaceFirst("(Name: demo/hello/Hello.class\\r?\\nSHA-256-Digest: )\\S+",
                "$1" + Base64.getEncoder().encodeToString(sha256(evil)));
        assertNotEquals(manifest, forged, "the test should have changed the entry's digest");
        byte[] tampered = SourceJars.withEntryReplaced(SourceJars.withEntryReplaced(signed, "META-INF/MANIFEST.MF",
                forged.getBytes(StandardCharsets.UTF_8)), "demo/hello/Hello.class", evil);
        String why = refusal(tampered);
        assertTrue(why.contains("demo/hello/Hello.class") && (why.contains("tampered") || why.contains("not signed")),
                why);
    }

    @Test
    void aManifestWithAnAddedMainAttributeIsRefused() {
        String manifest = new String(SourceJars.entry(signed, "META-INF/MANIFEST.MF"), StandardCharsets.UTF_8);
        byte[] tampered = SourceJars.withEntryReplaced(signed, "META-INF/MANIFEST.MF",
                manifest.replaceFirst("\\r?\\n", "\r\nClass-Path: evil.jar\r\n").getBytes(StandardCharsets.UTF_8));
        String why = refusal(tampered);
        assertTrue(why.contains("tampered"), why);
    }

    @Test
    void anEntryNamedTwiceIsRefused() {
        byte[] twice = SourceJars.withBytesReplaced(SourceJars.withExtraEntry(signed, "demo/hello/Hellp.class",
                evilClass("demo/hello/Hello")), "demo/hello/Hellp.class", "demo/hello/Hello.class");
        String why = refusal(twice);
        assertTrue(why.contains("entry demo/hello/Hello.class twice"), why);
    }

    @Test
    void aManifestNamedTwiceInAnotherLetterCaseIsRefused() {
        String why = refusal(SourceJars.withExtraEntry(signed, "meta-inf/manifest.mf",
                "Manifest-Version: 1.0\r\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(why.contains("entry meta-inf/manifest.mf twice"), why);
    }

    @Test
    void aDirectoryEntryThatHoldsDataIsRefused() {
        String why = refusal(SourceJars.withExtraEntry(signed, "demo/hello/Evil.class/", evilClass("demo/Evil")));
        assertTrue(why.contains("directory entry demo/hello/Evil.class/ that holds"), why);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"./demo/hello/Hello.class", "demo//hello/Hello.class", "demo/./Hello.class"})
    void anEntryWhoseNameIsNotCanonicalIsRefused(String name) {
        String why = refusal(SourceJars.withExtraEntry(signed, name, evilClass("demo/hello/Hello")));
        assertTrue(why.contains("entry named '" + name + "'"), why);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"SEQUENTIAL", "CONCURRENT"})
    void aClassSmuggledAsASignatureFileIsNeverRun(SystemBase base) {
        byte[] smuggled = SourceJars.withExtraEntry(signed, "META-INF/SIG-Evil.class", evilClass("META-INF/SIG-Evil"));
        try (ActorSystem system = ActorSystem.builder().base(base)
                .sourceTrustStore(trustStore, SourceJars.storePassword()).start()) {
            InvalidSourceException refused = assertThrows(InvalidSourceException.class, () -> system.loadActorSource(
                    SourceJars.write(files, "smuggled-" + base + ".jar", smuggled)));
            assertTrue(refused.getMessage().contains("entry META-INF/SIG-Evil.class is not signed"),
                    refused.getMessage());
            assertThrows(InvalidSourceException.class, () -> system.createActor("META-INF.SIG-Evil",
                    CreateOptions.none().withSourceHash(SourceJar.sha256(smuggled))));
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTrustStoreThatCannotBeReadIsNamed() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SignedJarAuthority.fromTrustStore(files.resolve("missing.p12"), null));
        assertTrue(bad.getMessage().contains("missing.p12"), bad.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"SEQUENTIAL", "CONCURRENT"})
    void aSystemWithATrustStoreCreatesFromSignedJarsOnly(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base)
                .sourceTrustStore(trustStore, SourceJars.storePassword()).start()) {
            String hash = system.loadActorSource(SourceJars.write(files, "signed-" + base + ".jar", signed));
            ActorAddress hello = system.createActor("demo.hello.Hello", CreateOptions.none().withSourceHash(hash));
            assertEquals("Hello, signed world!", system.ask(hello, "hi", Duration.ofSeconds(30)));
            InvalidSourceException refused = assertThrows(InvalidSourceException.class, () -> system.loadActorSource(
                    SourceJars.write(files, "unsigned-" + base + ".jar", unsigned)));
            assertTrue(refused.getMessage().contains("by the signed-jar authority"), refused.getMessage());
        }
    }
}
