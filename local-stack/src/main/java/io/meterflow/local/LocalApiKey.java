package io.meterflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local stack's API key for writes, in {@code .local/api-key}: made with a random value on the first start,
 * reused afterwards (also across {@code --fresh}), readable by its owner only.
 *
 * @param created true when this start made it (the banner prints it then)
 */
record LocalApiKey(String secret, Path file, boolean created) {

    static final String FILE = "api-key";
    /** The actor of commands sent with this key. */
    static final String NAME = "local-operator";

    static LocalApiKey load(Path dataDir) {
        final Path file = dataDir.resolve(FILE);
        try {
            if (Files.isRegularFile(file)) {
                final String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!secret.isEmpty()) {
                    return new LocalApiKey(secret, file, false);
                }
            }
            final byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            final String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(dataDir);
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file system's own permissions apply.
            }
            return new LocalApiKey(secret, file, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the API key file " + file, e);
        }
    }

    @Override
    public String toString() {
        return "LocalApiKey[file=" + file + ", created=" + created + "]";
    }
}
