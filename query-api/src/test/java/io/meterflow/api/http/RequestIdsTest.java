package io.meterflow.api.http;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Generated request ids are standard random UUIDs that log tooling can parse; a client's sane id is kept. */
class RequestIdsTest {

    @Test
    void generatedIdsAreDistinctVersion4Uuids() {
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            final String id = RequestIds.sanitized(null);
            final UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).as(id).isEqualTo(4);
            assertThat(uuid.variant()).as(id).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void aSaneClientIdIsKeptAndAnInsaneOneReplaced() {
        assertThat(RequestIds.sanitized("trace-42")).isEqualTo("trace-42");
        assertThat(RequestIds.sanitized("bad id\t")).isNotEqualTo("bad id\t").hasSize(36);
    }
}
