package io.meterflow.connect.support;

import io.meterflow.connect.support.handover.HandoverQueue;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class HandoverQueueTest {

    @Test
    void pollReturnsWhatWaitsInBatchesOfAtMostTheBatchSizeInOrder() throws Exception {
        final HandoverQueue<Integer> queue = new HandoverQueue<>(100, 4, Duration.ofMillis(10));
        for (int i = 0; i < 10; i++) {
            queue.put(i);
        }

        assertThat(queue.poll()).containsExactly(0, 1, 2, 3);
        assertThat(queue.poll()).containsExactly(4, 5, 6, 7);
        assertThat(queue.poll()).containsExactly(8, 9);
        assertThat(queue.poll()).isEmpty();
    }

    @Test
    void aProducerWaitsWhileTheQueueIsFullAndGoesOnOncePollTookSome() throws Exception {
        final HandoverQueue<Integer> queue = new HandoverQueue<>(2, 10, Duration.ofMillis(10));
        queue.put(1);
        queue.put(2);
        assertThat(queue.offer(3, 20, TimeUnit.MILLISECONDS)).as("offer to a full queue").isFalse();

        final CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                queue.put(3);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(blocked).isNotDone();
        final List<Integer> received = new java.util.ArrayList<>(queue.poll()); // 3 may slip in behind 1
        await().atMost(Duration.ofSeconds(10)).until(blocked::isDone);
        received.addAll(queue.poll());
        assertThat(received).containsExactly(1, 2, 3);
    }

    @Test
    void aProducerFailureIsRethrownByPollEvenWithItemsWaitingAndTheFirstWins() throws Exception {
        final HandoverQueue<Integer> queue = new HandoverQueue<>(10, 10, Duration.ofMillis(10));
        queue.put(1);
        queue.fail(new IllegalStateException("broker refused the session"));
        queue.fail(new IllegalStateException("later echo"));

        assertThatThrownBy(queue::poll).isInstanceOf(ConnectException.class)
                .hasMessage("broker refused the session")
                .hasCauseInstanceOf(IllegalStateException.class);
        final ConnectException asItIs = new ConnectException("permanent");
        final HandoverQueue<Integer> other = new HandoverQueue<>(10, 10, Duration.ofMillis(10));
        other.fail(asItIs);
        assertThatThrownBy(other::poll).isSameAs(asItIs);
    }

    @Test
    void aFailureReportedWhilePollWaitsIsThrownWhenTheWaitEnds() throws Exception {
        final HandoverQueue<Integer> queue = new HandoverQueue<>(10, 10, Duration.ofMillis(300));
        final CompletableFuture<List<Integer>> polling = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.poll();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.fail(new ConnectException("session lost for good"));

        await().atMost(Duration.ofSeconds(10)).until(polling::isDone);
        assertThat(polling).isCompletedExceptionally();
        assertThatThrownBy(polling::join).hasRootCauseMessage("session lost for good");
    }

    @Test
    void manyProducersLoseNothing() throws Exception {
        final HandoverQueue<Integer> queue = new HandoverQueue<>(16, 7, Duration.ofMillis(10));
        final List<CompletableFuture<Void>> producers = IntStream.range(0, 4).mapToObj(p ->
                CompletableFuture.runAsync(() -> IntStream.range(0, 1_000).forEach(i -> {
                    try {
                        queue.put(p * 1_000 + i);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }))).toList();
        final java.util.Set<Integer> received = new java.util.HashSet<>();
        while (received.size() < 4_000) {
            final List<Integer> batch = queue.poll();
            assertThat(batch).hasSizeLessThanOrEqualTo(7);
            received.addAll(batch);
        }
        producers.forEach(CompletableFuture::join);
        assertThat(received).hasSize(4_000);
    }
}
