package org.citywatch.api.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, slow password hashes: PBKDF2-HMAC-SHA256 from the JDK, written
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in base64). The JDK's PBKDF2 needs no library, and with
 * 210,000 iterations (OWASP's figure for this function) one check costs ~60 ms of one core: nothing for a person
 * signing in, a lot for someone guessing. The iteration count is stored with each hash, so it can be raised later
 * without invalidating the hashes there are.
 */
public final class PasswordHasher {

    public static final String SCHEME = "pbkdf2-sha256";
    public static final int DEFAULT_ITERATIONS = 210_000;
    /** Hashes below this are refused when read: a config must not be able to weaken the scheme by accident. */
    public static final int MIN_ITERATIONS = 100_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /** Longer passwords are refused rather than hashed: nobody types more, and it bounds the work per attempt. */
    public static final int MAX_PASSWORD_CHARS = 1024;

    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHasher() {
    }

    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    public static String hash(char[] password, int iterations) {
        checkLength(password);
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /**
     * Whether the password is the one hashed, compared in constant time. A malformed hash is an error, not a
     * mismatch: it can only come from a broken configuration, which {@link #check} reports at load time.
     */
    public static boolean verify(char[] password, String encoded) {
        Parsed p = parse(encoded);
        if (password.length == 0 || password.length > MAX_PASSWORD_CHARS) {
            return false;
        }
        byte[] actual = pbkdf2(password, p.salt, p.iterations, p.hash.length);
        return MessageDigest.isEqual(actual, p.hash);
    }

    /** @throws IllegalArgumentException saying what is wrong with the hash (never quoting it) */
    public static void check(String encoded) {
        parse(encoded);
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("a password hash must look like " + SCHEME
                    + "$ITERATIONS$SALT$HASH (make one with: citywatch hash-password)");
        }
        int iterations;
        byte[] salt;
        byte[] hash;
        try {
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            hash = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a password hash has a malformed number or base64 part");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("a password hash must have " + MIN_ITERATIONS + ".." + MAX_ITERATIONS
                    + " iterations, this one has " + iterations);
        }
        if (salt.length < 8 || hash.length < 16) {
            throw new IllegalArgumentException("a password hash has too short a salt or hash");
        }
        return new Parsed(iterations, salt, hash);
    }

    private static void checkLength(char[] password) {
        if (password.length == 0 || password.length > MAX_PASSWORD_CHARS) {
            throw new IllegalArgumentException("a password must have 1.." + MAX_PASSWORD_CHARS + " characters");
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** A random password of letters and digits without look-alikes (the demo prints them for people to type). */
    public static String randomPassword(int length) {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet.charAt(RANDOM.nextInt(alphabet.length()));
        }
        String s = new String(out);
        Arrays.fill(out, ' ');
        return s;
    }
}
