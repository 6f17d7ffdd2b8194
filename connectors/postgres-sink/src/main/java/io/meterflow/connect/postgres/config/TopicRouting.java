package io.meterflow.connect.postgres.config;

import java.util.Map;
import java.util.Optional;

/** Maps the configured topic names to the kind of record each carries. */
public final class TopicRouting {

    private final Map<String, TopicKind> byTopic;

    TopicRouting(Map<String, TopicKind> byTopic) {
        this.byTopic = Map.copyOf(byTopic);
    }

    public Optional<TopicKind> kindOf(String topic) {
        return Optional.ofNullable(byTopic.get(topic));
    }

    public java.util.Set<String> topics() {
        return byTopic.keySet();
    }
}
