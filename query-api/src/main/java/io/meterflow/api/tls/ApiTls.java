package io.meterflow.api.tls;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Optional HTTPS of the query API: when {@code MF_API_TLS_KEYSTORE} is set, the API port speaks TLS only (no plain
 * HTTP listener remains). The keystore holds the server's private key and certificate chain.
 * {@link #toString()} never shows the password.
 */
public final class ApiTls {

    public static final String KEYSTORE = "MF_API_TLS_KEYSTORE";
    public static final String KEYSTORE_PASSWORD = "MF_API_TLS_KEYSTORE_PASSWORD";
    public static final String KEYSTORE_TYPE = "MF_API_TLS_KEYSTORE_TYPE";
    public static final String DEFAULT_TYPE = "PKCS12";

    private final Path keystore;
    private final String password;
    private final String type;

    public ApiTls(Path keystore, String password, String type) {
        if (!Files.isReadable(keystore)) {
            throw new IllegalArgumentException(KEYSTORE + " names no readable file: " + keystore);
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException(KEYSTORE_PASSWORD + " must be set when " + KEYSTORE + " is");
        }
        this.keystore = keystore;
        this.password = password;
        this.type = type.toUpperCase(Locale.ROOT);
    }

    /** The TLS settings among {@code MF_API_*} keys; empty when {@code MF_API_TLS_KEYSTORE} is not set. */
    public static Optional<ApiTls> from(Map<String, String> env) {
        final String path = env.get(KEYSTORE);
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ApiTls(Path.of(path.trim()), env.get(KEYSTORE_PASSWORD),
                env.getOrDefault(KEYSTORE_TYPE, DEFAULT_TYPE).trim()));
    }

    /** An HTTPS connector on {@code port} (0: a free one), for Javalin's {@code jetty.addConnector}. */
    public Connector connector(Server server, HttpConfiguration http, int port) {
        final SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keystore.toAbsolutePath().toString());
        ssl.setKeyStorePassword(password);
        ssl.setKeyStoreType(type);
        final HttpConfiguration https = new HttpConfiguration(http);
        final SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients verify the certificate's host name; the server also answers requests made by IP or an alias.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        final ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setPort(port);
        return connector;
    }

    public Path keystore() {
        return keystore;
    }

    @Override
    public String toString() {
        return "ApiTls[keystore=" + keystore + ", type=" + type + ", password=(hidden)]";
    }
}
