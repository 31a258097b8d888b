package io.hookbridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * A JWT-bearer grant assertion, as Google's service-account credentials sign it for the OAuth2 token endpoint:
 * an RS256-signed JWT whose claims are iss (the service-account email), aud, scope (space separated), iat and exp
 * (epoch seconds). {@link SheetsApiServer} reads one with {@link #parse} and checks its signature with
 * {@link #signedBy}.
 */
record JwtAssertion(String keyId, String issuer, String audience, String scope, long issuedAt, long expiresAt,
        byte[] signedPart, byte[] signature) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Thrown for an assertion that is not a well-formed RS256 JWT. */
    static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    /** Reads the header and claims of a compact JWT without checking its signature. */
    static JwtAssertion parse(String jwt) throws MalformedException {
        if (jwt == null) {
            throw new MalformedException("Missing required parameter: assertion");
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new MalformedException("Invalid JWT: not three dot-separated parts");
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!"RS256".equals(header.path("alg").asText())) {
                throw new MalformedException("Invalid JWT: alg must be RS256, was " + header.path("alg"));
            }
            if (!claims.path("iat").isNumber() || !claims.path("exp").isNumber()) {
                throw new MalformedException("Invalid JWT: iat and exp must be numbers of epoch seconds");
            }
            return new JwtAssertion(header.path("kid").asText(null), claims.path("iss").asText(null),
                    claims.path("aud").asText(null), claims.path("scope").asText(""), claims.path("iat").asLong(),
                    claims.path("exp").asLong(), (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII),
                    Base64.getUrlDecoder().decode(parts[2]));
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedException("Invalid JWT: " + e.getMessage());
        }
    }

    /** Whether the RS256 signature was made with the private key of this public key. */
    boolean signedBy(PublicKey key) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(signedPart);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
