package io.meterflow.schema.serde;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/** The one Jackson configuration every MeterFlow component reads and writes topic values with. */
public final class MeterFlowJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // Consumers must tolerate fields added by a later minor schema version.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A missing long or int field is a broken record, not a zero.
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Every record of every topic passes this mapper: accessors and creators through generated lambdas
            // rather than reflection (same bytes; see docs/benchmarks.md, Streams, fourth pass).
            .addModule(new BlackbirdModule())
            .build();

    private MeterFlowJson() {
    }

    /** A shared, thread-safe mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
