package io.meterflow.connect.mqtt.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * A throwaway CA and a server certificate for 127.0.0.1 (openssl), and a PKCS12 trust store with the CA
 * (the JDK's keytool), for a TLS listener on a test broker.
 */
public record TestCertificates(Path caCert, Path serverCert, Path serverKey, Path trustStore, String trustStorePassword) {

    public static TestCertificates create(Path dir) {
        try {
            Files.createDirectories(dir);
            final Path ca = dir.resolve("ca.crt");
            final Path caKey = dir.resolve("ca.key");
            final Path cert = dir.resolve("server.crt");
            final Path key = dir.resolve("server.key");
            final Path csr = dir.resolve("server.csr");
            final Path ext = dir.resolve("san.ext");
            Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(),
                    "-out", ca.toString(), "-days", "2", "-subj", "/CN=meterflow-test-ca");
            run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                    "-subj", "/CN=localhost");
            run(dir, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                    "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
            final Path trust = dir.resolve("truststore.p12");
            run(dir, Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert",
                    "-noprompt", "-alias", "ca", "-file", ca.toString(), "-keystore", trust.toString(),
                    "-storetype", "PKCS12", "-storepass", "changeit");
            return new TestCertificates(ca, cert, key, trust, "changeit");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mosquitto config lines that make its listener speak TLS with this certificate. */
    public List<String> mosquittoListenerConfig() {
        return List.of("cafile " + caCert, "certfile " + serverCert, "keyfile " + serverKey);
    }

    private static void run(Path dir, String... command) throws IOException {
        final Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
