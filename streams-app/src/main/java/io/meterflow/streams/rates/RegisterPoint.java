package io.meterflow.streams.rates;

/** The last accepted value of one cumulative register: when (meter time, else collection time) and how much. */
public record RegisterPoint(long time, double value, String unit) {
}
