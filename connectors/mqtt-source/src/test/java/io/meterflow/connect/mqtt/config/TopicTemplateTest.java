package io.meterflow.connect.mqtt.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicTemplateTest {

    @Test
    void findsTheMeterIdInItsLevelAndMatchesWildcardsLikeMqtt() {
        assertThat(TopicTemplate.compile("meters/{meterId}/telemetry").meterId("meters/m-1/telemetry")).contains("m-1");
        assertThat(TopicTemplate.compile("meters/{meterId}/telemetry").meterId("meters/a/b/telemetry")).isEmpty();
        assertThat(TopicTemplate.compile("site/+/meter-{meterId}/#").meterId("site/north/meter-42/up/v1")).contains("42");
        assertThat(TopicTemplate.compile("a.b/{meterId}").meterId("aXb/7")).isEmpty();
    }

    @Test
    void rejectsTemplatesWithoutExactlyOnePlaceholder() {
        assertThatThrownBy(() -> TopicTemplate.compile("meters/+/telemetry")).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> TopicTemplate.compile("{meterId}/{meterId}")).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> TopicTemplate.compile("#/{meterId}")).hasMessageContaining("last level");
    }
}
