package io.thespis.internal.member.security;

import io.thespis.actor.spi.TlsSettings;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * Trusts only the certificates in {@link TlsSettings#trustedCa()} as issuers (the Convention CA, or the outgoing and
 * the incoming one while a CA is replaced), read again when the file changes (see {@link SslContexts} for when).
 *
 * <p>Verification is the JDK's PKIX trust manager's over those anchors: the chain, validity, key usages (a server
 * must hold {@code serverAuth}, a client {@code clientAuth}), and, on a client whose engine asks for endpoint
 * identification ({@code HTTPS}, as gRPC's does), that the server certificate's subject alternative names hold the
 * host dialed.
 */
public final class ReloadingTrustManager extends X509ExtendedTrustManager {
    private final ReloadingFiles<X509ExtendedTrustManager> trusted;

    /**
     * Reads the trusted certificates now.
     *
     * @param reloadInterval how often, at most, the file is looked at again
     * @param clock the time those looks are spaced by
     * @throws IllegalArgumentException naming the file when it is missing, unreadable or holds no certificate
     */
    public ReloadingTrustManager(TlsSettings files, Duration reloadInterval, InstantSource clock) {
        this(files, reloadInterval, clock, () -> { });
    }

    /** As the public constructor; {@code changed} runs after each reload that took up new certificates. */
    ReloadingTrustManager(TlsSettings files, Duration reloadInterval, InstantSource clock, Runnable changed) {
        files.check();
        this.trusted = new ReloadingFiles<>("trusted CA " + files.trustedCa(), List.of(files.trustedCa()),
                () -> trusting(Pem.readCertificates(files.trustedCa())), changed, reloadInterval, clock);
    }

    /** Looks at the file again if that is due. */
    void refresh() {
        trusted.current();
    }

    private static X509ExtendedTrustManager trusting(List<X509Certificate> anchors) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("ca-" + i, anchors.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new IllegalStateException("this JVM's PKIX trust manager factory makes no X509ExtendedTrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust manager: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        trusted.current().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        trusted.current().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        trusted.current().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        trusted.current().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trusted.current().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trusted.current().checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trusted.current().getAcceptedIssuers();
    }
}
