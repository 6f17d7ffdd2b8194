package io.meterflow.schema;

/** A topic value about one meter (or, for fleet error stats, {@link ErrorStats#FLEET}): its key is the meter id. */
public interface MeterRecord extends EventTimed {

    String meterId();
}
