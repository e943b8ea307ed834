package dev.inferstream.serde;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.common.config.ConfigException;

/** Registry credentials. The password leaves this class only inside the Authorization header. */
public record BasicAuthCredentials(String user, String password) {

    /** Parses Confluent's {@code user:pass} form; the password may itself contain colons. */
    public static BasicAuthCredentials fromUserInfo(String userInfo) {
        int colon = userInfo.indexOf(':');
        if (colon <= 0) {
            throw new ConfigException(AvroSerdeConfig.BASIC_AUTH_USER_INFO
                    + " must have the form user:password (value not shown)");
        }
        return new BasicAuthCredentials(userInfo.substring(0, colon), userInfo.substring(colon + 1));
    }

    public String authorizationHeader() {
        String token = user + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "BasicAuthCredentials[user=" + user + ", password=(redacted)]";
    }
}
