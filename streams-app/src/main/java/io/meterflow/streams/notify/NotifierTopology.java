package io.meterflow.streams.notify;

import io.meterflow.schema.serde.JsonSerde;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.topic.Topic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * The notifier's own sub-topology: meter-alerts and meter-alert-command-results (both keyed by meter id, so one task
 * sees a meter's transitions and commands) into {@link AlertNotifier} with its store.
 */
public final class NotifierTopology {

    public static final String STORE = "alert-notifications";

    private NotifierTopology() {
    }

    public static void add(StreamsBuilder builder, NotifierSettings settings) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(settings.store()),
                Serdes.String(), new JsonSerde<>(NotifiedAlert.class)));
        final KStream<String, NotifierInput> transitions = builder.stream(settings.alertsTopic(),
                        consumed(MeterFlowTopics.ALERTS, "notifier-alerts"))
                .mapValues(a -> (NotifierInput) new NotifierInput.Transition(a), Named.as("notifier-transitions"));
        final KStream<String, NotifierInput> commands = builder.stream(settings.resultsTopic(),
                        consumed(MeterFlowTopics.ALERT_COMMAND_RESULTS, "notifier-command-results"))
                .mapValues(r -> (NotifierInput) new NotifierInput.CommandOutcome(r), Named.as("notifier-commands"));
        transitions.merge(commands, Named.as("notifier-inputs"))
                .process(() -> new AlertNotifier(settings), Named.as("alert-notifier"), settings.store());
    }

    private static <V> Consumed<String, V> consumed(Topic<V> topic, String name) {
        return Consumed.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }
}
