package io.thespis.internal.member.security;

import io.thespis.actor.spi.TlsSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reloading key and trust managers alone: when they look at their files, what they take up, what they log. */
class ReloadingTest {
    private static final Duration RELOAD = Duration.ofSeconds(30);
    private static final Duration YEAR = ConventionCa.DEFAULT_VALIDITY;

    @TempDir
    Path dir;
    private final FakeClock clock = new FakeClock();
    private final Logger log = Logger.getLogger(ReloadingFiles.class.getName());
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private ConventionCa ca;
    private TlsSettings files;

    @BeforeEach
    void issue() {
        log.addHandler(capture);
        ca = ConventionCa.create(ConventionCa.VALIDITY, InstantSource.system());
        files = issue("m1").writeTo(dir);
    }

    @AfterEach
    void stopCapturing() {
        log.removeHandler(capture);
    }

    private IssuedCertificate issue(String name) {
        return ca.issue(Role.MEMBER, name, List.of("127.0.0.1"), YEAR);
    }

    private static X509Certificate served(ReloadingKeyManager keys) {
        return keys.getCertificateChain(keys.chooseEngineServerAlias("EC", null, null))[0];
    }

    @Test
    void aRotatedPairIsTakenUpOnceTheIntervalHasPassed() {
        ReloadingKeyManager keys = new ReloadingKeyManager(files, RELOAD, clock);
        String before = keys.chooseEngineServerAlias("EC", null, null);
        X509Certificate first = served(keys);
        IssuedCertificate rotated = issue("m1");
        rotated.writeTo(dir);

        assertEquals(first, served(keys));
        clock.advance(RELOAD.minusNanos(1));
        assertEquals(first, served(keys), "not looked at again within the interval");
        clock.advance(Duration.ofNanos(1));
        assertEquals(rotated.certificate(), served(keys));
        String after = keys.chooseEngineClientAlias(new String[] {"RSA", "EC"}, null, null);
        assertNotEquals(before, after, "each pair has its own alias");
        assertEquals(rotated.privateKey(), keys.getPrivateKey(after));
        assertArrayEquals(rotated.chain().toArray(), keys.getCertificateChain(after));
        assertEquals(first, keys.getCertificateChain(before)[0], "a handshake that chose the last pair still gets it");
        assertNull(keys.chooseEngineServerAlias("RSA", null, null), "an EC key is no answer to an RSA request");
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aFileThatDoesNotParseKeepsWhatWasLoadedAndWarnsOncePerChange() throws Exception {
        ReloadingKeyManager keys = new ReloadingKeyManager(files, RELOAD, clock);
        X509Certificate first = served(keys);

        Files.writeString(files.certificateChain(), "not a certificate");
        clock.advance(RELOAD);
        assertEquals(first, served(keys));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).getMessage().contains(files.certificateChain().toString()), warnings.toString());
        clock.advance(RELOAD);
        clock.advance(RELOAD);
        assertEquals(first, served(keys));
        assertEquals(1, warnings.size(), "the same broken file is not reported again");

        Files.writeString(files.certificateChain(), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        clock.advance(RELOAD);
        assertEquals(first, served(keys));
        assertEquals(2, warnings.size(), "a new change that fails is");

        IssuedCertificate rotated = issue("m1");
        rotated.writeTo(dir);
        clock.advance(RELOAD);
        assertEquals(rotated.certificate(), served(keys));
        assertEquals(2, warnings.size());
    }

    @Test
    void aCertificateWhoseKeyHasNotArrivedIsNotTakenUp() {
        ReloadingKeyManager keys = new ReloadingKeyManager(files, RELOAD, clock);
        X509Certificate first = served(keys);
        IssuedCertificate rotated = issue("m1");

        Pem.writeCertificates(files.certificateChain(), rotated.chain());
        clock.advance(RELOAD);
        assertEquals(first, served(keys));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).getMessage().contains("does not belong to certificate"), warnings.toString());

        Pem.writePrivateKey(files.privateKey(), rotated.privateKey());
        clock.advance(RELOAD);
        assertEquals(rotated.certificate(), served(keys));
    }

    @Test
    void theTrustManagerTrustsWhatItsFileHoldsNow() throws Exception {
        ReloadingTrustManager trust = new ReloadingTrustManager(files, RELOAD, clock);
        X509Certificate[] ours = Pem.readCertificates(files.certificateChain()).toArray(X509Certificate[]::new);
        trust.checkClientTrusted(ours, "EC");
        assertArrayEquals(new X509Certificate[] {ca.certificate()}, trust.getAcceptedIssuers());

        ConventionCa next = ConventionCa.create(ConventionCa.VALIDITY, InstantSource.system());
        Pem.writeCertificates(files.trustedCa(), List.of(next.certificate()));
        trust.checkClientTrusted(ours, "EC");
        clock.advance(RELOAD);
        assertThrows(CertificateException.class, () -> trust.checkClientTrusted(ours, "EC"));
        assertArrayEquals(new X509Certificate[] {next.certificate()}, trust.getAcceptedIssuers());
    }

    @Test
    void filesThatCannotBeUsedAtTheStartAreNamed() throws Exception {
        TlsSettings noKey = new TlsSettings(files.certificateChain(), dir.resolve("absent.key"), files.trustedCa());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new ReloadingKeyManager(noKey, RELOAD, clock));
        assertEquals("TLS private key " + dir.resolve("absent.key") + ": no such file", missing.getMessage());

        TlsSettings directory = new TlsSettings(files.certificateChain(), files.privateKey(), dir);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReloadingTrustManager(directory, RELOAD,
                clock)).getMessage().contains("TLS trusted CA " + dir + ": is a directory"));

        Files.writeString(files.privateKey(), "garbage");
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
                () -> new ReloadingKeyManager(files, RELOAD, clock));
        assertTrue(garbage.getMessage().startsWith(files.privateKey() + ": no unencrypted PEM private key"),
                garbage.getMessage());
    }
}
