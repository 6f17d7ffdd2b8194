package io.meterflow.api.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.meterflow.api.http.ServiceUnavailableException;
import io.meterflow.schema.AlertCommand;
import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.serde.MeterFlowJson;
import io.meterflow.schema.topic.MeterFlowTopics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The API's only way to change an alert: a command record on {@code meter-alert-commands} (keyed by meter id, so it
 * reaches the task that owns the alert), then a bounded wait for the alert processor's result. The API never writes
 * alert state itself.
 */
public final class CommandGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandGateway.class);
    private static final int PENDING_KEPT = 10_000;

    private final KafkaProducer<String, String> producer;
    private final CommandResults results;
    private final Duration timeout;
    private final Set<String> pending = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > PENDING_KEPT;
        }
    });

    private CommandGateway(String bootstrapServers, Duration timeout) {
        this.timeout = timeout;
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "meterflow-query-api-commands");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // A request must not hang on a broker that is away: fail within the request's own budget.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1_000, timeout.toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(2_000, timeout.toMillis() * 2));
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        results = new CommandResults(bootstrapServers);
    }

    /** Starts following the results; waits up to {@code timeout} for the consumer to stand at the topic's end. */
    public static CommandGateway start(String bootstrapServers, Duration timeout) {
        final CommandGateway gateway = new CommandGateway(bootstrapServers, timeout);
        gateway.results.start();
        if (!gateway.results.awaitPositioned(Duration.ofSeconds(30))) {
            LOG.warn("Not yet following {}: {}; writes answer 503 until it is", 
                    MeterFlowTopics.ALERT_COMMAND_RESULTS.name(), gateway.results.problem());
        }
        return gateway;
    }

    /**
     * Sends the command and waits for its result.
     *
     * @return the result, or empty when none came within the timeout (the command is on its way)
     * @throws ServiceUnavailableException when Kafka did not take the command
     */
    public Optional<AlertCommandResult> submit(AlertCommand command) {
        final String problem = results.problem();
        if (problem != null) {
            throw new ServiceUnavailableException("kafka-unavailable", "Alert commands cannot be sent right now ("
                    + problem + "); retry later with the same Idempotency-Key.");
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        final CompletableFuture<AlertCommandResult> result = results.expect(command.commandId());
        try {
            if (result.isDone()) {
                return Optional.of(result.join());
            }
            producer.send(new ProducerRecord<>(MeterFlowTopics.ALERT_COMMANDS.name(), null, command.at(),
                    command.meterId(), json(command))).get(remaining(deadline), TimeUnit.NANOSECONDS);
            synchronized (pending) {
                pending.add(command.commandId());
            }
            LOG.info("Sent {} of {}/{} by {} as command {}", command.action(), command.meterId(), command.rule(),
                    command.actor(), command.commandId());
            return Optional.of(result.get(remaining(deadline), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException | RuntimeException e) {
            final Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.warn("Command {} not sent: {}", command.commandId(), cause.toString());
            throw new ServiceUnavailableException("kafka-unavailable", "Kafka did not take the command ("
                    + cause.getMessage() + "); retry later with the same Idempotency-Key.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("kafka-unavailable", "Interrupted while sending the command");
        } finally {
            results.forget(command.commandId());
        }
    }

    /** A result this instance has seen since it started. */
    public Optional<AlertCommandResult> recentResult(String commandId) {
        return results.recent(commandId);
    }

    /** True when this instance sent the command and has not seen its result yet. */
    public boolean isPending(String commandId) {
        synchronized (pending) {
            return pending.contains(commandId) && results.recent(commandId).isEmpty();
        }
    }

    /** Null when commands can be sent and results received; otherwise what is wrong (for /ready). */
    public String problem() {
        return results.problem();
    }

    @Override
    public void close() {
        results.close();
        producer.close(Duration.ofSeconds(5));
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    private static String json(AlertCommand command) {
        try {
            return MeterFlowJson.mapper().writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write command " + command.commandId(), e);
        }
    }
}
