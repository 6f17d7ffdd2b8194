package io.meterflow.interop.gurux.push;

import gurux.dlms.GXDateTime;
import gurux.dlms.GXSimpleEntry;
import gurux.dlms.enums.Conformance;
import gurux.dlms.enums.DataType;
import gurux.dlms.enums.InterfaceType;
import gurux.dlms.enums.Unit;
import gurux.dlms.objects.GXDLMSCaptureObject;
import gurux.dlms.objects.GXDLMSClock;
import gurux.dlms.objects.GXDLMSData;
import gurux.dlms.objects.GXDLMSObject;
import gurux.dlms.objects.GXDLMSProfileGeneric;
import gurux.dlms.objects.GXDLMSPushSetup;
import gurux.dlms.objects.GXDLMSRegister;
import gurux.dlms.secure.GXDLMSSecureNotify;

import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * A pushing meter as one is built on Gurux DLMS: COSEM objects (logical device name, clock, energy registers, a load
 * profile, alarm register 1) in a push setup, and Gurux's notifier turning the push setup into DataNotification
 * frames for the TCP wrapper, ciphered by Gurux when a security is set. Nothing of the encoding is done here.
 */
final class GuruxPushingMeter {

    private final PushPeerOptions options;
    private final GXDLMSSecureNotify notify;
    private final GXDLMSPushSetup push = new GXDLMSPushSetup();
    private final GXDLMSData logicalDeviceName = new GXDLMSData("0.0.42.0.0.255");
    private final GXDLMSClock clock = new GXDLMSClock("0.0.1.0.0.255");
    private final GXDLMSRegister importEnergy = register("1.0.1.8.0.255");
    private final GXDLMSRegister exportEnergy = register("1.0.2.8.0.255");
    private final GXDLMSData status = new GXDLMSData("0.0.96.10.1.255");
    private final GXDLMSProfileGeneric profile = new GXDLMSProfileGeneric("1.0.99.1.0.255");
    private final GXDLMSData alarmRegister = new GXDLMSData("0.0.97.98.0.255");

    /** What one push carried, as the meter's objects held it when Gurux encoded them. */
    record Values(int number, long capturedAt, long importWh, long exportWh, long alarm) {
    }

    GuruxPushingMeter(PushPeerOptions options) {
        this.options = options;
        // Gurux's notifier is the server side: its wrapper frames go from the server wPort to the client wPort.
        notify = new GXDLMSSecureNotify(true, options.clientWPort(), options.serverWPort(), InterfaceType.WRAPPER);
        notify.getCiphering().setSecurity(options.security());
        notify.getCiphering().setSystemTitle(options.systemTitle());
        notify.getCiphering().setBlockCipherKey(options.encryptionKey());
        notify.getCiphering().setAuthenticationKey(options.authenticationKey());
        notify.getCiphering().setInvocationCounter(options.invocationCounter());
        // A meter with a small PDU that negotiated general-block-transfer: Gurux splits a long push into GBT blocks.
        notify.setMaxReceivePDUSize(options.maxPdu());
        if (options.maxPdu() < 0xFFFF) {
            final java.util.Set<Conformance> conformance = new java.util.HashSet<>(notify.getConformance());
            conformance.add(Conformance.GENERAL_BLOCK_TRANSFER);
            notify.setConformance(conformance);
        }

        logicalDeviceName.setValue(options.logicalDeviceName().getBytes(StandardCharsets.US_ASCII));
        logicalDeviceName.setDataType(2, DataType.OCTET_STRING);
        status.setDataType(2, DataType.UINT8);
        alarmRegister.setDataType(2, DataType.UINT32);
        profile.addCaptureObject(clock, 2, 0);
        profile.addCaptureObject(status, 2, 0);
        profile.addCaptureObject(importEnergy, 2, 0);
        profile.setCapturePeriod(options.periodMs() / 1_000);

        if (options.layout() == PushPeerOptions.Layout.PUSH_SETUP_FIRST) {
            add(push, 1);
        } else if (options.layout() == PushPeerOptions.Layout.SELF_DESCRIBING) {
            add(push, 2);
        }
        add(logicalDeviceName, 2);
        add(clock, 2);
        add(importEnergy, 2);
        add(exportEnergy, 2);
        add(profile, 2);
        add(alarmRegister, 2);
    }

    private static GXDLMSRegister register(String obis) {
        final GXDLMSRegister register = new GXDLMSRegister(obis);
        register.setScaler(1);
        register.setUnit(Unit.ACTIVE_ENERGY);
        register.setDataType(2, DataType.UINT32);
        return register;
    }

    private void add(GXDLMSObject object, int attribute) {
        push.getPushObjectList().add(new GXSimpleEntry<>(object, new GXDLMSCaptureObject(attribute, 0)));
    }

    String pushSetupLogicalName() {
        return push.getLogicalName();
    }

    /** The meter's state at push {@code number} (1-based). */
    Values values(int number) {
        final long capturedAt = options.firstCaptureMs() + (number - 1) * options.periodMs();
        final boolean alarm = options.alarmEvery() > 0 && number % options.alarmEvery() == 0;
        return new Values(number, capturedAt, 100_000L + 250L * number, 5_000L + 7L * number, alarm ? 0x4 : 0);
    }

    /** The wrapper frames Gurux generates for the push with {@code values}; ciphered ones use the next counter. */
    byte[][] frames(Values values) throws Exception {
        final GXDateTime at = new GXDateTime(new Date(values.capturedAt()));
        clock.setTime(at);
        importEnergy.setValue(values.importWh());
        exportEnergy.setValue(values.exportWh());
        status.setValue(0);
        alarmRegister.setValue(values.alarm());
        final Object[][] rows = new Object[options.rows()][];
        for (int r = 0; r < rows.length; r++) {
            final int back = rows.length - 1 - r;
            rows[r] = new Object[] {back == 0 ? at : new GXDateTime(new Date(values.capturedAt() - back * options
                    .periodMs())), 0, values.importWh() - back};
        }
        profile.setBuffer(rows);
        return notify.generatePushSetupMessages(options.dateTime() ? new Date(values.capturedAt()) : null, push);
    }

    /** The invocation counter the next ciphered push will carry. */
    long nextInvocationCounter() {
        return notify.getCiphering().getInvocationCounter();
    }
}
