package io.meterflow.api;

import io.meterflow.api.tls.ApiTls;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Command-line entry point: settings from {@code MF_API_*} environment variables (or -D system properties of the
 * same names). Chooses the log format before any logger exists: JSON lines in PRODUCTION, text in DEVELOPMENT.
 */
public final class QueryApiMain {

    private QueryApiMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        final Map<String, String> env = new HashMap<>(System.getenv());
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("MF_API_")) {
                env.put(k.toString(), v.toString());
            }
        });
        final QueryApiConfig config = QueryApiConfig.from(env);
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("MF_LOG_FORMAT", config.mode() == QueryApiConfig.Mode.PRODUCTION ? "JSON" : "TEXT");
            System.setProperty("logback.configurationFile", "meterflow-query-api-logback.xml");
        }
        final QueryApi api = QueryApi.start(config, ApiTls.from(env));
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            stopped.countDown();
        }, "query-api-stop"));
        stopped.await();
    }
}
