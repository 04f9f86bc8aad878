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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built-in Source Authority: every entry signed by a trusted certificate, or the jar is refused. */
class SignedJarAuthorityTest {
    @TempDir
    static Path files;
    static SourceJars.Signer trusted;
    static SourceJars.Signer rogue;
    static Path trustStore;
    static SignedJarAuthority authority;
    static byte[] unsigned;
    static byte[] signed;

    @BeforeAll
    static void makeKeysAndJars() {
        trusted = SourceJars.newSigner(files, "release");
        rogue = SourceJars.newSigner(files, "rogue");
        trustStore = SourceJars.trustStore(files, trusted);
        authority = SignedJarAuthority.fromTrustStore(trustStore, SourceJars.storePassword().toCharArray());
        unsigned = SourceJars.compile(Map.of("demo.hello.Hello", SourceJars.hello("Hello, signed world!")));
        signed = SourceJars.sign(unsigned, trusted);
    }

    private static String refusal(byte[] jar) {
        Optional<String> refusal = authority.refusal(jar);
        assertTrue(refusal.isPresent(), "the jar should have been refused");
        return refusal.get();
    }

    @Test
    void aJarSignedByATrustedKeyIsValid() {
        assertEquals(Optional.empty(), authority.refusal(signed));
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
