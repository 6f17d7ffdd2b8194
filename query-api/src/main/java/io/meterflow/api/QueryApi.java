package io.meterflow.api;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.meterflow.api.tls.ApiTls;
import io.meterflow.api.commands.CommandGateway;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The query API as a component: a HikariCP pool on the read model, Micrometer metrics and the Javalin app.
 * {@code QueryApi.start(config)} in the local stack; {@link QueryApiMain} from the command line.
 */
public final class QueryApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryApi.class);

    private final HikariDataSource pool;
    private final JvmGcMetrics gcMetrics;
    private final PrometheusMeterRegistry registry;
    private final CommandGateway commands;
    private final Javalin app;

    private QueryApi(QueryApiConfig config, Clock clock) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        pool = new HikariDataSource(poolConfig(config, registry));
        commands = config.writesEnabled() ? CommandGateway.start(config.kafkaBootstrapServers(), config.commandTimeout())
                : null;
        app = ApiApp.create(pool, config, clock, registry, commands);
    }

    /** Starts the API on {@code config.port()} (0: a free port), plain HTTP. */
    public static QueryApi start(QueryApiConfig config) {
        return start(config, Optional.empty());
    }

    /** Starts the API on {@code config.port()} (0: a free port): HTTPS only when {@code tls} is given. */
    public static QueryApi start(QueryApiConfig config, Optional<ApiTls> tls) {
        final QueryApi api = new QueryApi(config, Clock.systemUTC());
        // A connector of our own replaces Javalin's plain HTTP one (Javalin adds it only when there is none).
        tls.ifPresent(t -> api.app.unsafe.jetty.addConnector(
                (server, http) -> t.connector(server, http, config.port())));
        api.app.start(config.port());
        LOG.info("Query API listening on {}://localhost:{} ({} mode, API keys {}, alert commands {})",
                tls.isPresent() ? "https" : "http", api.port(), config.mode(),
                config.apiKeys().stream().map(k -> k.name()).toList(),
                config.writesEnabled() ? "via " + config.kafkaBootstrapServers() : "disabled");
        return api;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        if (commands != null) {
            commands.close();
        }
        pool.close();
        gcMetrics.close();
        registry.close();
    }

    private static HikariConfig poolConfig(QueryApiConfig config, PrometheusMeterRegistry registry) {
        final HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("query-api");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setReadOnly(true);
        hikari.setAutoCommit(true);
        hikari.setConnectionTimeout(3_000);
        // Start even while the database is down: /ready reports it, requests get 503 problems until it is back.
        hikari.setInitializationFailTimeout(-1);
        hikari.setMetricRegistry(registry);
        final Map<String, String> driver = new HashMap<>(Map.of("ApplicationName", "meterflow-query-api",
                "connectTimeout", "3", "socketTimeout", "30", "prepareThreshold", "1"));
        driver.forEach(hikari::addDataSourceProperty);
        return hikari;
    }
}
