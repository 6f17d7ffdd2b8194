package io.meterflow.schema;

/** A topic value that carries its own event time, which becomes the Kafka record timestamp. */
public interface EventTimed {

    /** Epoch milliseconds UTC of the event this value describes. */
    long eventTime();
}
