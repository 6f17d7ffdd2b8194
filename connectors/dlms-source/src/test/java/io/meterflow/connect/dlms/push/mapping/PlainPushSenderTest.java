package io.meterflow.connect.dlms.push.mapping;

import io.meterflow.connect.dlms.record.CosemValues;
import org.junit.jupiter.api.Test;
import org.openmuc.jdlms.datatypes.DataObject;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The logical device name of a plain push, wherever IDIS and Gurux put it. */
class PlainPushSenderTest {

    private static final DataObject NAME = DataObject.newOctetStringData("GRX-PLAIN".getBytes(StandardCharsets.US_ASCII));
    private static final DataObject CLOCK = CosemValues.dateTime(1_000);

    @Test
    void firstInAnIdisPush() {
        assertThat(PlainPushSender.logicalDeviceName(DataObject.newStructureData(NAME, CLOCK))).contains("GRX-PLAIN");
    }

    @Test
    void afterThePushSetupsLogicalName() {
        assertThat(PlainPushSender.logicalDeviceName(DataObject.newStructureData(DataObject.newOctetStringData(
                CosemValues.obis("0.7.25.9.0.255").bytes()), NAME, CLOCK))).contains("GRX-PLAIN");
    }

    @Test
    void afterThePushObjectListOfASelfDescribingPush() {
        assertThat(PlainPushSender.logicalDeviceName(DataObject.newStructureData(DataObject.newArrayData(List.of()),
                NAME, CLOCK))).contains("GRX-PLAIN");
    }

    @Test
    void noneInABodyWithoutAString() {
        assertThat(PlainPushSender.logicalDeviceName(DataObject.newStructureData(DataObject.newUInteger32Data(1))))
                .isEmpty();
        assertThat(PlainPushSender.logicalDeviceName(DataObject.newUInteger32Data(1))).isEmpty();
    }
}
