package dev.inferstream.harness.sim;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The simulator's HTTPS identity: PEM files as any certificate tool writes them (Vert.x's
 * {@code SelfSignedCertificate} in tests), so clients can be tested against a certificate no JVM trusts.
 *
 * @param certificate PEM certificate (chain)
 * @param privateKey  PEM private key of that certificate
 */
public record SimTls(Path certificate, Path privateKey) {

    public SimTls {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
