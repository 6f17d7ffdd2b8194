package io.meterflow.connect.support;

import io.meterflow.connect.support.plugin.PluginVersion;
import io.meterflow.connect.support.thread.DaemonThreads;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadFactory;

import static org.assertj.core.api.Assertions.assertThat;

class PluginVersionAndThreadsTest {

    @Test
    void theVersionIsAMavenVersionFilledInByTheBuild() {
        assertThat(PluginVersion.get()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void backgroundThreadsAreNamedDaemons() {
        final ThreadFactory numbered = DaemonThreads.numbered("dlms-poll");
        final Thread first = numbered.newThread(() -> { });
        final Thread second = numbered.newThread(() -> { });
        final Thread named = DaemonThreads.named("mqtt-session-m-0").newThread(() -> { });

        assertThat(first.getName()).isEqualTo("dlms-poll-1");
        assertThat(second.getName()).isEqualTo("dlms-poll-2");
        assertThat(named.getName()).isEqualTo("mqtt-session-m-0");
        assertThat(first.isDaemon() && second.isDaemon() && named.isDaemon()).isTrue();
    }
}
