package io.meterflow.api;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.meterflow.api.alerts.AlertHistoryHandler;
import io.meterflow.api.availability.AvailabilityHandler;
import io.meterflow.api.availability.FleetAvailabilityHistogram;
import io.meterflow.api.alerts.AlertQueries;
import io.meterflow.api.alerts.CurrentAlertsHandler;
import io.meterflow.api.commands.AlertCommandHandler;
import io.meterflow.api.commands.CommandGateway;
import io.meterflow.api.commands.CommandStatusHandler;
import io.meterflow.api.completeness.FleetCompletenessHandler;
import io.meterflow.api.completeness.MeterCompletenessHandler;
import io.meterflow.api.db.Sql;
import io.meterflow.api.fleet.FleetSummaryHandler;
import io.meterflow.api.http.ApiKeys;
import io.meterflow.api.http.ProblemErrorHandler;
import io.meterflow.api.http.Problems;
import io.meterflow.api.http.RequestIds;
import io.meterflow.api.meters.MeterDetailHandler;
import io.meterflow.api.meters.MeterDocuments;
import io.meterflow.api.meters.MeterHistoryHandler;
import io.meterflow.api.meters.MeterListHandler;
import io.meterflow.api.meters.MeterQueries;
import io.meterflow.api.ops.HealthHandler;
import io.meterflow.api.ops.HttpMetrics;
import io.meterflow.api.ops.OpenApiHandler;
import io.meterflow.api.ops.ReadinessHandler;
import io.meterflow.api.params.RequestParams;
import io.meterflow.schema.AlertCommand;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;

/** The app factory: takes its dependencies, returns the configured (not started) Javalin app. */
public final class ApiApp {

    private static final Logger ACCESS = LoggerFactory.getLogger("io.meterflow.api.access");

    private ApiApp() {
    }

    /** The read-only app: the write endpoints answer 503. */
    public static Javalin create(DataSource dataSource, QueryApiConfig config, Clock clock,
                                 PrometheusMeterRegistry registry) {
        return create(dataSource, config, clock, registry, null);
    }

    /** @param commands where alert commands go; null when writes are disabled */
    public static Javalin create(DataSource dataSource, QueryApiConfig config, Clock clock,
                                 PrometheusMeterRegistry registry, CommandGateway commands) {
        final Sql sql = new Sql(dataSource);
        final RequestParams params = new RequestParams(config.maxPageSize(), config.maxRange(), clock);
        final MeterQueries meters = new MeterQueries(sql);
        final MeterDocuments documents = new MeterDocuments(dataSource);
        final AlertQueries alerts = new AlertQueries(sql);
        final ApiKeys apiKeys = new ApiKeys(config.apiKeys(), config.openReads());
        final HttpMetrics httpMetrics = new HttpMetrics(registry);
        registry.getPrometheusRegistry().register(new FleetAvailabilityHistogram(sql, clock));

        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.events.serverStopped(documents::close);
            cfg.jsonMapper(new JavalinJackson(ApiJson.mapper(), false));
            final ProblemErrorHandler jettyErrors = new ProblemErrorHandler(ApiJson.mapper());
            cfg.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(jettyErrors));
            cfg.requestLogger.http((ctx, millis) -> {
                httpMetrics.record(ctx, millis);
                ACCESS.info("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(millis));
                RequestIds.clear();
            });
            cfg.routes.before(RequestIds::assign);
            cfg.routes.before("/api/*", apiKeys::check);
            Problems.register(cfg.routes);

            cfg.routes.get("/api/v1/meters", new MeterListHandler(meters, params));
            cfg.routes.get("/api/v1/meters/{meterId}", new MeterDetailHandler(documents, params));
            cfg.routes.get("/api/v1/meters/{meterId}/availability", new AvailabilityHandler(sql, meters, params, clock));
            cfg.routes.get("/api/v1/meters/{meterId}/completeness", new MeterCompletenessHandler(sql, meters, params));
            cfg.routes.get("/api/v1/meters/{meterId}/{kind}", new MeterHistoryHandler(meters, params));
            cfg.routes.get("/api/v1/alerts", new CurrentAlertsHandler(alerts, params));
            cfg.routes.get("/api/v1/alerts/history", new AlertHistoryHandler(alerts, params));
            cfg.routes.get(CommandStatusHandler.PATH, new CommandStatusHandler(alerts, commands));
            for (AlertCommand.Action action : AlertCommand.Action.values()) {
                cfg.routes.post("/api/v1/alerts/{meterId}/{rule}/" + AlertCommandHandler.pathOf(action),
                        new AlertCommandHandler(action, apiKeys, alerts, params, commands, clock));
            }
            cfg.routes.get("/api/v1/fleet/summary",
                    new FleetSummaryHandler(sql, clock, config.staleMeterAfter()));
            cfg.routes.get("/api/v1/fleet/completeness", new FleetCompletenessHandler(sql, params));

            cfg.routes.get("/health", new HealthHandler());
            cfg.routes.get("/ready", new ReadinessHandler(sql, clock, config.freshnessDegraded(),
                    config.freshnessUnhealthy(), commands));
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(registry.scrape()));
            cfg.routes.get("/openapi.json", new OpenApiHandler());
        });
    }
}
