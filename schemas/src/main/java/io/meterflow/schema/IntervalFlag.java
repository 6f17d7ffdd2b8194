package io.meterflow.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Named quality flags of a load-profile row. All but {@link #CLOCK_SUSPECT} are bits of the meter's AMR profile
 * status (the profile's status column, one byte): the IDIS / DSMR P3 layout, bit 7 PDN power down, 6 reserved,
 * 5 CAD clock adjusted, 4 reserved, 3 DST daylight saving, 2 DNV data not valid, 1 CIV clock invalid, 0 ERR
 * critical error. Sources: IDIS-conforming meter manual (MetCom MCS301 product manual 1.25, 13.1.3 "Profile
 * Status") and the Apache-2.0 GXF/OSGP DLMS adapter ({@code AmrProfileStatusCodeFlag}, bit order 0..7). The
 * reserved bits have no name; they stay visible in the raw status.
 */
public enum IntervalFlag {
    CRITICAL_ERROR(0),
    CLOCK_INVALID(1),
    DATA_NOT_VALID(2),
    DAYLIGHT_SAVING(3),
    CLOCK_ADJUSTED(5),
    POWER_DOWN(7),
    /** Not a meter bit: MeterFlow's own verdict that the row's capture time cannot be trusted. */
    CLOCK_SUSPECT(-1);

    private final int bit;

    IntervalFlag(int bit) {
        this.bit = bit;
    }

    /** The status bit this flag decodes, -1 for flags MeterFlow derives itself. */
    public int bit() {
        return bit;
    }

    /** The named flags set in an AMR profile status byte, in bit order; null (no status column) has none. */
    public static List<IntervalFlag> decode(Integer status) {
        final List<IntervalFlag> flags = new ArrayList<>();
        if (status == null) {
            return flags;
        }
        for (IntervalFlag flag : values()) {
            if (flag.bit >= 0 && (status & (1 << flag.bit)) != 0) {
                flags.add(flag);
            }
        }
        return flags;
    }

    /** The status byte with these flags' bits set (derived flags set none): the simulator's encoder. */
    public static int encode(Iterable<IntervalFlag> flags) {
        int status = 0;
        for (IntervalFlag flag : flags) {
            if (flag.bit >= 0) {
                status |= 1 << flag.bit;
            }
        }
        return status;
    }
}
