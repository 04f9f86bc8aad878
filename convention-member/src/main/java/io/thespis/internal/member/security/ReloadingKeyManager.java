package io.thespis.internal.member.security;

import io.thespis.actor.spi.TlsSettings;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This end's certificate chain and private key, read from {@link TlsSettings#certificateChain()} and
 * {@link TlsSettings#privateKey()} and read again when they change (see {@link SslContexts} for when), so that a
 * rotated certificate is presented on new connections without a restart. A chain and key that do not belong
 * together (one file replaced, the other not yet) are not taken up.
 *
 * <p>Each loaded pair has an alias of its own, so a TLS implementation that caches key material by alias still
 * sees a new pair as new.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private record KeyMaterial(String alias, X509Certificate[] chain, PrivateKey key) {
    }

    private final ReloadingFiles<KeyMaterial> material;

    /**
     * Reads the chain and key now.
     *
     * @param reloadInterval how often, at most, the files are looked at again
     * @param clock the time those looks are spaced by
     * @throws IllegalArgumentException naming a file that is missing, unreadable, malformed or does not match
     */
    public ReloadingKeyManager(TlsSettings files, Duration reloadInterval, InstantSource clock) {
        this(files, reloadInterval, clock, () -> { });
    }

    /** As the public constructor; {@code changed} runs after each reload that took up new material. */
    ReloadingKeyManager(TlsSettings files, Duration reloadInterval, InstantSource clock, Runnable changed) {
        files.check();
        AtomicLong loads = new AtomicLong();
        this.material = new ReloadingFiles<>("TLS certificate chain " + files.certificateChain() + " and private key "
                + files.privateKey(), List.of(files.certificateChain(), files.privateKey()), () -> {
                    List<X509Certificate> chain = Pem.readCertificates(files.certificateChain());
                    PrivateKey key = Pem.readPrivateKey(files.privateKey());
                    KeyPairs.checkMatch(key, chain.get(0), files.privateKey());
                    return new KeyMaterial("thespis-" + loads.incrementAndGet(), chain.toArray(X509Certificate[]::new),
                            key);
                }, changed, reloadInterval, clock);
    }

    /** Looks at the files again if that is due. */
    void refresh() {
        material.current();
    }

    private String alias(String... keyTypes) {
        KeyMaterial current = material.current();
        String algorithm = current.key().getAlgorithm();
        if (keyTypes == null) {
            return current.alias();
        }
        // Key types name the key's algorithm, with the signer's after an underscore in some providers ("EC_EC").
        for (String keyType : keyTypes) {
            if (keyType == null || keyType.equals(algorithm) || keyType.startsWith(algorithm + "_")) {
                return current.alias();
            }
        }
        return null;
    }

    private KeyMaterial material(String alias) {
        for (KeyMaterial candidate : material.recent()) {
            if (candidate.alias().equals(alias)) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return alias(keyTypes);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return alias(keyTypes);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String alias = alias(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        KeyMaterial found = material(alias);
        return found == null ? null : found.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        KeyMaterial found = material(alias);
        return found == null ? null : found.key();
    }
}
