package io.meterflow.simulator.dlms.hdlc;

import io.meterflow.simulator.dlms.fault.FaultInjector;
import io.meterflow.simulator.dlms.security.InvocationCounters;
import io.meterflow.simulator.dlms.transport.ConnectionCounter;
import org.openmuc.jdlms.DataDirectory;
import org.openmuc.jdlms.settings.server.ServerSettings;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;

/**
 * Everything one meter on an HDLC bus needs to answer.
 *
 * @param physicalAddress    its lower HDLC address on the bus
 * @param logicalDeviceId    the upper HDLC address it answers to
 * @param directory          its COSEM objects as jDLMS serves them
 * @param decoy              the same objects behind other credentials (injected authentication rejects)
 * @param limits             its own largest information fields and windows; links get the smaller of these and the
 *                           client's proposal
 * @param invocationCounters replay protection of an HLS meter, null for others
 * @param associations       threads the associations run on
 */
public record StationSetup(String meterId, int physicalAddress, int logicalDeviceId, DataDirectory directory,
                           DataDirectory decoy, ServerSettings settings, LinkParameters limits, FaultInjector faults,
                           Duration latency, LongSupplier clock, ConnectionCounter connections,
                           InvocationCounters invocationCounters, ExecutorService associations) {
}
