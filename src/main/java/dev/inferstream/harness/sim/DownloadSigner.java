package dev.inferstream.harness.sim;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Signs download URLs as object storage does: an HMAC over what the URL grants (one export, until one
 * second), so the URL works without the API key and nobody can stretch or redirect it. The secret comes
 * from the seed, so one seed gives the same URLs in every run.
 */
final class DownloadSigner {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec secret;

    DownloadSigner(long seed) {
        byte[] bytes = new byte[32];
        SplittableRandom random = SeededRandom.forIndex(seed, SeededRandom.SIGNING, 0);
        random.nextBytes(bytes);
        this.secret = new SecretKeySpec(bytes, ALGORITHM);
    }

    String sign(long exportId, long expiresEpochSecond) {
        return HexFormat.of().formatHex(mac(exportId + ":" + expiresEpochSecond));
    }

    /** Compared in constant time: the answer must not tell how much of a guessed signature was right. */
    boolean verify(long exportId, long expiresEpochSecond, String signature) {
        byte[] expected = sign(exportId, expiresEpochSecond).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] mac(String grant) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return mac.doFinal(grant.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM provides " + ALGORITHM, e);
        }
    }
}
