package io.meterflow.api;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterflow.api.http.RequestIds;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The standalone logging config: JSON lines with the request id in PRODUCTION, text in DEVELOPMENT. */
class LogFormatTest {

    @Test
    void productionLogsJsonLinesWithTheRequestId() throws Exception {
        final String line = logOneLine("JSON");
        final JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("message").asText()).isEqualTo("GET /api/v1/meters -> 200 in 3 ms");
        assertThat(json.path(RequestIds.MDC_KEY).asText()).isEqualTo("req-9");
        assertThat(json.path("level").asText()).isEqualTo("INFO");
    }

    @Test
    void developmentLogsText() throws Exception {
        assertThat(logOneLine("TEXT")).contains("INFO").contains("[req-9]").contains("GET /api/v1/meters -> 200 in 3 ms")
                .doesNotStartWith("{");
    }

    private static String logOneLine(String format) throws Exception {
        final PrintStream original = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final LoggerContext context = new LoggerContext();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            context.setMDCAdapter(MDC.getMDCAdapter());
            context.putProperty("MF_LOG_FORMAT", format);
            final JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getResource("/meterflow-query-api-logback.xml"));
            MDC.put(RequestIds.MDC_KEY, "req-9");
            context.getLogger("io.meterflow.api.access").info("GET /api/v1/meters -> 200 in 3 ms");
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
            context.stop();
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("/api/v1/meters")).findFirst()
                .orElseThrow();
    }
}
