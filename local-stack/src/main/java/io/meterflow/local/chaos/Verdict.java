package io.meterflow.local.chaos;

import java.util.List;

/**
 * What the verifier found.
 *
 * @param checked       journal entries and topic records held against each other and the read model
 * @param lost          served or published facts missing from the topics, plus topic records missing from the read model
 * @param duplicated    alert transitions in meter-alerts more than once, plus read-model rows no topic record explains
 * @param brokerLost    MQTT publications Mosquitto acknowledged while it had no subscription for them (its restart)
 * @param pollsCut      DLMS polls a dying Connect worker took with it (the meter served, the reading died)
 * @param details       one line per finding, for the report
 */
record Verdict(long checked, long lost, long duplicated, long brokerLost, long pollsCut, List<String> details) {

    boolean clean() {
        return lost == 0 && duplicated == 0;
    }
}
