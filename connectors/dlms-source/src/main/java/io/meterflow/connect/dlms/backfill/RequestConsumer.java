package io.meterflow.connect.dlms.backfill;

import io.meterflow.connect.dlms.metrics.DlmsTaskMetrics;
import io.meterflow.schema.BackfillRequest;
import io.meterflow.schema.topic.MeterFlowTopics;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A task's reader of the requests topic. Connect gives a source task no consumer, and a consumer group would deal
 * partitions to tasks regardless of which task polls which meter; so every task reads every partition itself
 * ({@code assign}, no group, nothing committed to Kafka) from {@code lookback} ago and keeps the requests for its own
 * meters that the stored positions do not mark answered. Every other request belongs to another task (or to no poll
 * task at all: then nobody answers and the ledger's retry budget ends it).
 */
final class RequestConsumer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestConsumer.class);
    private static final Duration POLL_WAIT = Duration.ofMillis(500);
    private static final Duration TOPIC_RETRY = Duration.ofSeconds(5);
    private static final Deserializer<BackfillRequest> REQUESTS =
            MeterFlowTopics.BACKFILL_REQUESTS.valueSerde().deserializer();

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Duration lookback;
    private final Set<String> meters;
    private final RequestPositions positions;
    private final BackfillInbox inbox;
    private final DlmsTaskMetrics metrics;
    private final LongSupplier clock;
    private volatile boolean closed;

    RequestConsumer(Consumer<byte[], byte[]> consumer, String topic, Duration lookback, Set<String> meters,
                    RequestPositions positions, BackfillInbox inbox, DlmsTaskMetrics metrics, LongSupplier clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.lookback = lookback;
        this.meters = Set.copyOf(meters);
        this.positions = positions;
        this.inbox = inbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Reads until {@link #close()}; a failure of the consumer (authorisation, bad settings) ends it with a throw. */
    @Override
    public void run() {
        try {
            if (!assignAll()) {
                return;
            }
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_WAIT)) {
                    if (!offer(record)) {
                        return;
                    }
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
        }
    }

    /** Stops reading: wakes a waiting poll, releases a wait for inbox space. */
    void close() {
        closed = true;
        inbox.close();
        consumer.wakeup();
    }

    private boolean assignAll() throws InterruptedException {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        boolean warned = false;
        while (!closed && (partitions == null || partitions.isEmpty())) {
            if (!warned) {
                LOG.warn("Backfill requests topic {} does not exist (yet); looking again every {} s", topic,
                        TOPIC_RETRY.toSeconds());
                warned = true;
            }
            Thread.sleep(TOPIC_RETRY.toMillis());
            partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        }
        if (closed) {
            return false;
        }
        final List<TopicPartition> assigned = new ArrayList<>();
        partitions.forEach(p -> assigned.add(new TopicPartition(p.topic(), p.partition())));
        consumer.assign(assigned);
        // End offsets first: a request written while the start is looked up lies at or after them, never skipped
        // (seekToEnd would resolve the end lazily, at the first poll, and pass over it).
        final Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        final long since = clock.getAsLong() - lookback.toMillis();
        final Map<TopicPartition, Long> times = new HashMap<>();
        assigned.forEach(tp -> times.put(tp, since));
        final Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times);
        for (TopicPartition tp : assigned) {
            final OffsetAndTimestamp start = starts.get(tp);
            consumer.seek(tp, start == null ? ends.get(tp) : Math.min(start.offset(), ends.get(tp)));
        }
        LOG.info("Reading backfill requests of {} meters from {} partitions of {}, from {} ms ago", meters.size(),
                assigned.size(), topic, lookback.toMillis());
        return true;
    }

    private boolean offer(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        final BackfillRequest request;
        try {
            request = REQUESTS.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            metrics.backfillRequestInvalid();
            LOG.warn("Skipping {}-{} offset {}: not a backfill request ({})", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return true;
        }
        final String position = RequestPositions.key(record.topic(), record.partition());
        if (request == null || !meters.contains(request.meterId())
                || positions.answered(request.meterId(), position, record.offset())) {
            return true;
        }
        metrics.backfillRequested();
        return inbox.put(new PendingRequest(request, position, record.offset()));
    }
}
