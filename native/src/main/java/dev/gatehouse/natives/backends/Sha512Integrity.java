package dev.gatehouse.natives.backends;

import java.util.Base64;

/** npm's {@code dist.integrity}: Subresource Integrity strings, of which we require and check the sha512 one. */
final class Sha512Integrity {

    private static final String PREFIX = "sha512-";

    private Sha512Integrity() {
    }

    /** The SHA-512 digest in {@code integrity} (which may list several hashes separated by spaces). */
    static byte[] parse(String integrity) throws BackendInstallException {
        for (String token : integrity.strip().split("\\s+")) {
            if (token.startsWith(PREFIX)) {
                byte[] digest;
                try {
                    digest = Base64.getDecoder().decode(token.substring(PREFIX.length()));
                } catch (IllegalArgumentException e) {
                    throw new BackendInstallException("dist.integrity '" + integrity + "' is not valid base64", e);
                }
                if (digest.length != 64) {
                    throw new BackendInstallException("dist.integrity '" + integrity + "' holds " + digest.length
                            + " bytes, a SHA-512 has 64");
                }
                return digest;
            }
        }
        throw new BackendInstallException("dist.integrity '" + integrity + "' has no sha512- hash; only SHA-512 is "
                + "accepted for native libraries");
    }

    static String format(byte[] digest) {
        return PREFIX + Base64.getEncoder().encodeToString(digest);
    }
}
