package io.meterflow.local.chaos;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Looks for the run's secrets in every log line of every process and in every record of every topic (keys, values
 * and headers, the Connect internal topics included): each place a secret shows up is a leak. The scenario file and
 * the inventory table hold them by design and are not scanned.
 */
final class SecretScan {

    private SecretScan() {
    }

    /** One line per leak: where, and which secret (never the secret itself). */
    static List<String> leaks(ChaosSecrets secrets, Path logDir, String bootstrapServers, List<String> topics) {
        final List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(logDir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                int lineNumber = 0;
                for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                    lineNumber++;
                    for (Map.Entry<String, String> secret : secrets.byName().entrySet()) {
                        if (line.contains(secret.getValue())) {
                            leaks.add(secret.getKey() + " in " + file + ":" + lineNumber);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot scan the logs in " + logDir, e);
        }
        for (ConsumerRecord<byte[], byte[]> r : TopicContents.read(bootstrapServers, topics)) {
            final StringBuilder text = new StringBuilder();
            append(text, r.key());
            append(text, r.value());
            for (Header h : r.headers()) {
                text.append(h.key()).append('=');
                append(text, h.value());
            }
            for (Map.Entry<String, String> secret : secrets.byName().entrySet()) {
                if (text.indexOf(secret.getValue()) >= 0) {
                    leaks.add(secret.getKey() + " in " + r.topic() + "-" + r.partition() + "@" + r.offset());
                }
            }
        }
        return leaks;
    }

    private static void append(StringBuilder text, byte[] bytes) {
        if (bytes != null) {
            text.append(new String(bytes, StandardCharsets.ISO_8859_1)).append('\n');
        }
    }
}
