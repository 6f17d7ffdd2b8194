package io.meterflow.api.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.serde.MeterFlowJson;
import io.meterflow.schema.topic.MeterFlowTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows {@code meter-alert-command-results} from its end on every partition, without a consumer group (each API
 * replica sees every result), and hands each result to the request waiting for it. The most recent results are
 * kept for {@code GET /api/v1/alerts/commands/{commandId}} until the read model has them.
 */
final class CommandResults implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandResults.class);
    private static final int RECENT = 10_000;
    private static final Duration CONTACT_EVERY = Duration.ofSeconds(5);
    private static final Duration CONTACT_TIMEOUT = Duration.ofSeconds(3);

    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final Map<String, CompletableFuture<AlertCommandResult>> waiting = new ConcurrentHashMap<>();
    private final Map<String, AlertCommandResult> recent = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AlertCommandResult> eldest) {
            return size() > RECENT;
        }
    };
    private final CompletableFuture<Void> positioned = new CompletableFuture<>();
    private volatile Instant lastContact;
    private volatile String problem = "not started";
    private volatile boolean running = true;

    CommandResults(String bootstrapServers) {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "meterflow-query-api-results");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Only committed results: under exactly_once_v2 an aborted transaction's result never happened.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        thread = new Thread(this::run, "query-api-command-results");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * A future completed with the result of {@code commandId}: register it BEFORE the command is sent, so a fast
     * result cannot pass unseen.
     */
    CompletableFuture<AlertCommandResult> expect(String commandId) {
        final CompletableFuture<AlertCommandResult> future =
                waiting.computeIfAbsent(commandId, id -> new CompletableFuture<>());
        recent(commandId).ifPresent(future::complete);
        return future;
    }

    void forget(String commandId) {
        waiting.remove(commandId);
    }

    Optional<AlertCommandResult> recent(String commandId) {
        synchronized (recent) {
            return Optional.ofNullable(recent.get(commandId));
        }
    }

    /** Waits until the consumer stands at the end of every partition; results before that moment are not seen. */
    boolean awaitPositioned(Duration timeout) {
        try {
            positioned.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** Null when the consumer is positioned and reached the broker lately; otherwise what is wrong. */
    String problem() {
        final Instant contact = lastContact;
        if (!positioned.isDone()) {
            return problem;
        }
        if (contact == null || contact.isBefore(Instant.now().minus(CONTACT_EVERY.multipliedBy(3)))) {
            return problem != null ? problem : "no contact with Kafka since " + contact;
        }
        return null;
    }

    private void run() {
        try {
            final List<TopicPartition> partitions = assignAll();
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.complete(null);
            lastContact = Instant.now();
            problem = null;
            LOG.info("Following {} from its end on {} partitions", MeterFlowTopics.ALERT_COMMAND_RESULTS.name(),
                    partitions.size());
            Instant nextContact = Instant.now().plus(CONTACT_EVERY);
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    accept(record);
                }
                if (Instant.now().isAfter(nextContact)) {
                    nextContact = Instant.now().plus(CONTACT_EVERY);
                    checkContact(partitions);
                }
            }
        } catch (WakeupException e) {
            // close() while waiting: done.
        } catch (RuntimeException e) {
            problem = "the results consumer stopped: " + e;
            LOG.error("Following {} failed; writes will answer 503", MeterFlowTopics.ALERT_COMMAND_RESULTS.name(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private List<TopicPartition> assignAll() {
        while (running) {
            try {
                final List<PartitionInfo> infos = consumer.partitionsFor(MeterFlowTopics.ALERT_COMMAND_RESULTS.name(),
                        CONTACT_TIMEOUT);
                if (infos != null && !infos.isEmpty()) {
                    final List<TopicPartition> partitions = infos.stream()
                            .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                    consumer.assign(partitions);
                    return partitions;
                }
                problem = "topic " + MeterFlowTopics.ALERT_COMMAND_RESULTS.name() + " does not exist";
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                problem = "Kafka unreachable: " + e.getMessage();
            }
            LOG.warn("Cannot follow {} yet: {}", MeterFlowTopics.ALERT_COMMAND_RESULTS.name(), problem);
        }
        throw new WakeupException();
    }

    private void checkContact(List<TopicPartition> partitions) {
        try {
            consumer.endOffsets(partitions, CONTACT_TIMEOUT);
            lastContact = Instant.now();
            problem = null;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            problem = "Kafka unreachable: " + e.getMessage();
        }
    }

    private void accept(ConsumerRecord<String, String> record) {
        final AlertCommandResult result;
        try {
            result = MeterFlowJson.mapper().readValue(record.value(), AlertCommandResult.class);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("Skipping unreadable result {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        synchronized (recent) {
            recent.put(result.commandId(), result);
        }
        final CompletableFuture<AlertCommandResult> waiter = waiting.remove(result.commandId());
        if (waiter != null) {
            waiter.complete(result);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
