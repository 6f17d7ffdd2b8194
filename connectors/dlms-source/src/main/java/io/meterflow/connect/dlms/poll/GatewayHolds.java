package io.meterflow.connect.dlms.poll;

import io.meterflow.connect.dlms.meter.MeterDefinition;

import java.util.concurrent.CompletableFuture;

/**
 * Keeps a meter's gateway reserved until a connection attempt the cycle gave up on has ended: jDLMS cannot cancel a
 * connect, and through a gateway nothing may overlap it.
 */
interface GatewayHolds {

    void holdUntil(MeterDefinition meter, CompletableFuture<?> attempt);
}
