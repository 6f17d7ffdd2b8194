package io.meterflow.api;

import io.meterflow.schema.AlertCommand;
import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.serde.MeterFlowJson;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.validation.SchemaValidator;
import io.meterflow.testing.kafka.KafkaTestCluster;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other side of the command contract (docs ALERT-COMMANDS, the alert processor's role) as the API sees it over
 * real Kafka topics: reads each command from meter-alert-commands, checks it against its JSON Schema and answers
 * with the result a script gives for it (null: no answer), repeating the first outcome with duplicate=true for a
 * commandId seen before, as the processor does. The processor itself is tested in streams-app; this isolates the
 * API's own behaviour (status codes, problem bodies, waiting, idempotency keys).
 */
final class ContractResponder implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final Thread thread;
    private final List<ConsumerRecord<String, String>> commands = new CopyOnWriteArrayList<>();
    private final Map<String, AlertCommandResult> answered = new ConcurrentHashMap<>();
    private final SchemaValidator validator = new SchemaValidator();
    private volatile Function<AlertCommand, AlertCommandResult> script;
    private volatile boolean running = true;

    ContractResponder(KafkaTestCluster kafka, Function<AlertCommand, AlertCommandResult> script) {
        this.script = script;
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer());
        final List<TopicPartition> partitions = consumer.partitionsFor(MeterFlowTopics.ALERT_COMMANDS.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
        thread = new Thread(this::run, "contract-responder");
        thread.start();
    }

    /** Every command record seen, in arrival order. */
    List<ConsumerRecord<String, String>> commands() {
        return commands;
    }

    AlertCommand command(String commandId) {
        return commands.stream().map(r -> read(r.value(), AlertCommand.class))
                .filter(c -> c.commandId().equals(commandId)).findFirst().orElseThrow();
    }

    /** Writes a result now, as a processor that was late would. */
    void answer(AlertCommandResult result) {
        answered.put(result.commandId(), result);
        try {
            producer.send(new ProducerRecord<>(MeterFlowTopics.ALERT_COMMAND_RESULTS.name(), result.meterId(),
                    MeterFlowJson.mapper().writeValueAsString(result))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void run() {
        while (running) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                assertThat(validator.validate(MeterFlowTopics.ALERT_COMMANDS, record.value())).as(record.value()).isEmpty();
                commands.add(record);
                final AlertCommand command = read(record.value(), AlertCommand.class);
                final AlertCommandResult first = answered.get(command.commandId());
                final AlertCommandResult result = first != null
                        ? AlertCommandResult.duplicate(command, first.outcome(), first.reason(), first.workflow())
                        : script.apply(command);
                if (result != null) {
                    answer(result);
                }
            }
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return MeterFlowJson.mapper().readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
        consumer.close();
        producer.close();
    }
}
