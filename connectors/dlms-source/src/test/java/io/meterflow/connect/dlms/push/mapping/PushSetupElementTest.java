package io.meterflow.connect.dlms.push.mapping;

import io.meterflow.connect.dlms.record.CosemValues;
import org.junit.jupiter.api.Test;
import org.openmuc.jdlms.datatypes.DataObject;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A push setup in the push object list: the push names the push setup that sent it (IDIS, Gurux). */
class PushSetupElementTest {

    private static final PushObjectList LIST = PushObjectList.parse("0.7.25.9.0.255,0.0.42.0.0.255,1.0.1.8.0.255[-1,Wh]");

    @Test
    void thePushSetupsLogicalNameIsAcceptedAndTheRestIsRead() {
        final PushContent content = PushBodyMapper.map(body(DataObject.newOctetStringData(
                CosemValues.obis("0.7.25.9.0.255").bytes())), LIST);

        assertThat(content.logicalDeviceName()).isEqualTo("GRX1");
        assertThat(content.registers()).singleElement().satisfies(v -> assertThat(v.value()).isEqualTo(1234.5));
    }

    @Test
    void aPushFromAnotherPushSetupOfTheMeterIsNamedAsSuch() {
        assertThatThrownBy(() -> PushBodyMapper.map(body(DataObject.newOctetStringData(
                CosemValues.obis("0.0.25.9.0.255").bytes())), LIST))
                .isInstanceOf(PushMappingException.class)
                .hasMessageContaining("push setup 0.0.25.9.0.255, the push object list describes 0.7.25.9.0.255");
    }

    @Test
    void aSelfDescribingPushCarryingItsPushObjectListIsAccepted() {
        final DataObject objectList = DataObject.newArrayData(List.of(DataObject.newStructureData(
                DataObject.newUInteger16Data(40), DataObject.newOctetStringData(CosemValues.obis("0.7.25.9.0.255")
                        .bytes()), DataObject.newInteger8Data((byte) 2), DataObject.newUInteger16Data(0))));

        assertThat(PushBodyMapper.map(body(objectList), LIST).logicalDeviceName()).isEqualTo("GRX1");
    }

    @Test
    void aNumberWhereThePushSetupBelongsDoesNotFit() {
        assertThatThrownBy(() -> PushBodyMapper.map(body(DataObject.newUInteger32Data(7)), LIST))
                .isInstanceOf(PushMappingException.class)
                .hasMessageContaining("element 1 (0.7.25.9.0.255, PUSH_SETUP)");
    }

    private static DataObject body(DataObject first) {
        return DataObject.newStructureData(first, DataObject.newOctetStringData("GRX1".getBytes(
                StandardCharsets.US_ASCII)), DataObject.newUInteger32Data(12345));
    }
}
