package io.meterflow.local;

import io.meterflow.streams.StreamsApp;
import io.meterflow.streams.config.StreamsAppConfigLoader;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * streams-app in the local stack: the shipped {@code streams-app/config/streams.properties} and alert rules, with
 * settings that make results show within minutes on the simulated fleet (1-minute windows, the fleet's 10 s poll
 * and publish interval as the expected interval). Environment variables {@code METERFLOW_STREAMS_*} still apply to
 * every other key.
 */
final class LocalStreamsApp {

    private LocalStreamsApp() {
    }

    static StreamsApp start(LocalStackOptions options, String bootstrapServers) {
        final Map<String, String> env = new HashMap<>(System.getenv());
        settings(options, bootstrapServers).forEach((key, value) -> env.put(StreamsAppConfigLoader.envName(key), value));
        final StreamsApp app = new StreamsApp(StreamsAppConfigLoader.load(
                options.home().resolve("streams-app/config/streams.properties"), env));
        app.start();
        return app;
    }

    static Map<String, String> settings(LocalStackOptions options, String bootstrapServers) {
        final Map<String, String> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", bootstrapServers);
        s.put("application.id", "meterflow-streams-local");
        s.put("state.dir", options.dataDir().resolve("streams").toString());
        s.put("rules.file", options.home().resolve("streams-app/config/alert-rules.yaml").toString());
        s.put("http.host", "127.0.0.1");
        s.put("http.port", String.valueOf(options.streamsPort()));
        s.put("error.stats.window.sizes", "PT1M");
        s.put("error.stats.grace", "PT10S");
        s.put("expected.interval.dlms", "PT10S");
        s.put("expected.interval.mqtt", "PT10S");
        return s;
    }
}
