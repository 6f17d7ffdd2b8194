package io.meterflow.connect.dlms.push.mapping;

import java.util.List;

/**
 * One entry of a push object list: which object's value sits at this position of the notification body, and how
 * to read it.
 *
 * @param columns the capture objects of a profile buffer (kind PROFILE), empty for the other kinds
 */
public record PushObject(Kind kind, String obis, int scaler, String unit, List<PushObject> columns) {

    /** What the value at this position means to MeterFlow; derived from the OBIS code. */
    public enum Kind {
        /** 0.0.42.0.0.255: the logical device name, which names the meter in a plain push. */
        LOGICAL_DEVICE_NAME,
        /** 0.0.1.0.0.255: the meter's clock, the capture time of the push. */
        CLOCK,
        /** 0.0.96.10.x.255: a status word (profile status column). */
        STATUS,
        /** 0.0.97.98.x.255: an alarm register (bit field), one meter-events record when non-zero. */
        ALARM,
        /** 0.0.96.11.x.255: an event code object, one meter-events record when non-zero. */
        EVENT_CODE,
        /** x.x.25.9.x.x: a push setup (class 40); its logical name names which push of the meter this is. */
        PUSH_SETUP,
        /** x.x.99.x.x.x: a profile generic buffer, rows into meter-intervals. */
        PROFILE,
        /** Anything else: a register value (attribute 2) into meter-readings. */
        REGISTER
    }

    public PushObject {
        columns = List.copyOf(columns);
    }

    static Kind kindOf(int[] obis) {
        if (obis[0] == 0 && obis[1] == 0 && obis[2] == 42 && obis[3] == 0 && obis[4] == 0) {
            return Kind.LOGICAL_DEVICE_NAME;
        }
        if (obis[0] == 0 && obis[1] == 0 && obis[2] == 1 && obis[3] == 0) {
            return Kind.CLOCK;
        }
        if (obis[0] == 0 && obis[2] == 96 && obis[3] == 10) {
            return Kind.STATUS;
        }
        if (obis[0] == 0 && obis[2] == 97 && obis[3] == 98) {
            return Kind.ALARM;
        }
        if (obis[0] == 0 && obis[2] == 96 && obis[3] == 11) {
            return Kind.EVENT_CODE;
        }
        if (obis[0] == 0 && obis[2] == 25 && obis[3] == 9) {
            return Kind.PUSH_SETUP;
        }
        if (obis[2] == 99 || obis[2] == 98) {
            return Kind.PROFILE;
        }
        return Kind.REGISTER;
    }
}
