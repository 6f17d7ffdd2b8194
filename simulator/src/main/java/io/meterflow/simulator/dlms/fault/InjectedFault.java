package io.meterflow.simulator.dlms.fault;

/** One failure the simulator injected: which meter, what, and when (epoch ms, true time). */
public record InjectedFault(String meterId, FaultKind kind, long atMs) {
}
