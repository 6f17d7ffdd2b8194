package io.meterflow.streams.rates;

/** The unit of a rate from the unit of its cumulative register: Wh → W, varh → var, kWh → kW, VAh → VA. */
public final class RateUnits {

    private RateUnits() {
    }

    public static String rateUnit(String registerUnit) {
        if (registerUnit == null) {
            return null;
        }
        if (registerUnit.length() > 1 && registerUnit.endsWith("h")) {
            return registerUnit.substring(0, registerUnit.length() - 1);
        }
        // Not an hour-based energy unit: the rate is per hour of it.
        return registerUnit + "/h";
    }
}
