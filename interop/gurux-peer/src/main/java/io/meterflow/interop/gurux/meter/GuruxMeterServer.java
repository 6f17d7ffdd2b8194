package io.meterflow.interop.gurux.meter;

import gurux.dlms.GXDLMSClient;
import gurux.dlms.GXDLMSConnectionEventArgs;
import gurux.dlms.GXDateTime;
import gurux.dlms.ValueEventArgs;
import gurux.dlms.enums.AccessMode;
import gurux.dlms.objects.enums.AssociationStatus;
import gurux.dlms.enums.Authentication;
import gurux.dlms.enums.Conformance;
import gurux.dlms.enums.DataType;
import gurux.dlms.enums.InterfaceType;
import gurux.dlms.enums.MethodAccessMode;
import gurux.dlms.enums.ObjectType;
import gurux.dlms.enums.SourceDiagnostic;
import gurux.dlms.enums.Unit;
import gurux.dlms.objects.GXDLMSAssociationLogicalName;
import gurux.dlms.objects.GXDLMSClock;
import gurux.dlms.objects.GXDLMSData;
import gurux.dlms.objects.GXDLMSHdlcSetup;
import gurux.dlms.objects.GXDLMSObject;
import gurux.dlms.objects.GXDLMSProfileGeneric;
import gurux.dlms.objects.GXDLMSRegister;
import gurux.dlms.objects.GXDLMSSecuritySetup;
import gurux.dlms.objects.GXDLMSTcpUdpSetup;
import gurux.dlms.objects.enums.ApplicationContextName;
import gurux.dlms.objects.enums.SecuritySuite;
import gurux.dlms.objects.enums.SortMethod;
import gurux.dlms.secure.GXDLMSSecureServer2;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

/**
 * One conversation of the Gurux meter: a {@link GXDLMSSecureServer2} (an association per client address) with the
 * objects MeterFlow's connector reads. Gurux keeps one conversation's state per server instance, so each TCP
 * connection gets its own; what outlives a connection is in {@link MeterState}.
 *
 * <p>Replay protection: Gurux checks a ciphered APDU's invocation counter against the Data object
 * 0.0.43.1.x.255 of the association's security setup 0.0.43.0.x.255, but accepts a counter EQUAL to the stored one
 * (it rejects only smaller ones) and keeps the value per server instance. A real IDIS meter rejects any counter
 * not above the last accepted one, across connections; so before every request the object is set to the last
 * accepted counter + 1 from the shared state, and a counter Gurux accepted (it stores it into the object) is
 * recorded there. Gurux stores the counter before it verifies the authentication tag; a counter whose APDU was
 * answered with an error is therefore not recorded.
 */
final class GuruxMeterServer extends GXDLMSSecureServer2 {

    static final String COUNTER_OBIS_PREFIX = "0.0.43.1.";
    static final List<RegisterSpec> REGISTERS = List.of(
            new RegisterSpec("1.0.1.8.0.255", 1_234_567L, DataType.UINT32, 1, Unit.ACTIVE_ENERGY),
            new RegisterSpec("1.0.2.8.0.255", 4_321L, DataType.UINT32, 0, Unit.ACTIVE_ENERGY),
            new RegisterSpec("1.0.32.7.0.255", 2_301L, DataType.UINT16, -1, Unit.VOLTAGE),
            new RegisterSpec("1.0.31.7.0.255", 1_234L, DataType.UINT16, -2, Unit.CURRENT),
            new RegisterSpec("1.0.1.7.0.255", -1_500L, DataType.INT32, 0, Unit.ACTIVE_POWER));

    private static final int DECIPHERING_ERROR = 5;
    private static final int INVOCATION_COUNTER_ERROR = 6;

    private final MeterOptions options;
    private final MeterState state;
    private final GXDLMSData counter;
    private final GXDLMSProfileGeneric profile;
    private final GXDLMSClock clock;
    private boolean announced;

    private GuruxMeterServer(GXDLMSAssociationLogicalName publicAssociation, GXDLMSHdlcSetup hdlc,
                             MeterOptions options, MeterState state) {
        super(publicAssociation, hdlc);
        this.options = options;
        this.state = state;
        clock = new GXDLMSClock("0.0.1.0.0.255");
        counter = new GXDLMSData(COUNTER_OBIS_PREFIX + "1.255");
        profile = new GXDLMSProfileGeneric("1.0.99.1.0.255");
        build(publicAssociation);
    }

    private GuruxMeterServer(GXDLMSAssociationLogicalName publicAssociation, GXDLMSTcpUdpSetup wrapper,
                             MeterOptions options, MeterState state) {
        super(publicAssociation, wrapper);
        this.options = options;
        this.state = state;
        clock = new GXDLMSClock("0.0.1.0.0.255");
        counter = new GXDLMSData(COUNTER_OBIS_PREFIX + "1.255");
        profile = new GXDLMSProfileGeneric("1.0.99.1.0.255");
        build(publicAssociation);
    }

    static GuruxMeterServer create(MeterOptions options, MeterState state) {
        final GXDLMSAssociationLogicalName publicAssociation = new GXDLMSAssociationLogicalName("0.0.40.0.1.255");
        final GuruxMeterServer server;
        if (options.transport() == MeterOptions.Transport.HDLC) {
            final GXDLMSHdlcSetup hdlc = new GXDLMSHdlcSetup("0.0.22.0.0.255");
            hdlc.setDeviceAddress(options.physicalAddress());
            hdlc.setMaximumInfoLengthReceive(options.hdlcMaxInfo());
            hdlc.setMaximumInfoLengthTransmit(options.hdlcMaxInfo());
            hdlc.setWindowSizeReceive(1);
            hdlc.setWindowSizeTransmit(1);
            hdlc.setInactivityTimeout(120);
            server = new GuruxMeterServer(publicAssociation, hdlc, options, state);
        } else {
            final GXDLMSTcpUdpSetup wrapper = new GXDLMSTcpUdpSetup();
            wrapper.setPort(options.port());
            server = new GuruxMeterServer(publicAssociation, wrapper, options, state);
        }
        server.initialize();
        return server;
    }

    private void build(GXDLMSAssociationLogicalName publicAssociation) {
        setMaxReceivePDUSize(1024);
        getCiphering().setSystemTitle(options.systemTitle());

        final GXDLMSData deviceName = new GXDLMSData("0.0.42.0.0.255");
        deviceName.setValue(("GRX" + new BigInteger(1, options.systemTitle()).toString(16)).getBytes());
        deviceName.setDataType(2, DataType.OCTET_STRING);
        getItems().add(deviceName);

        final int offsetMinutes = TimeZone.getDefault().getOffset(System.currentTimeMillis()) / 60_000;
        clock.setTimeZone(-offsetMinutes); // Blue Book: minutes from local time to UTC
        getItems().add(clock);

        GXDLMSRegister energy = null;
        for (RegisterSpec spec : REGISTERS) {
            final GXDLMSRegister register = new GXDLMSRegister(spec.obis());
            register.setDataType(2, spec.type());
            register.setValue(spec.value());
            register.setScaler(Math.pow(10, spec.scaler()));
            register.setUnit(spec.unit());
            if (Math.round(Math.log10(register.getScaler())) != spec.scaler()) {
                throw new IllegalStateException(spec.obis() + ": Gurux stored scaler " + register.getScaler());
            }
            getItems().add(register);
            if (energy == null) {
                energy = register;
            }
        }

        final GXDLMSData status = new GXDLMSData("0.0.96.10.1.255");
        status.setDataType(2, DataType.UINT8);
        status.setValue(0);
        getItems().add(status);

        profile.addCaptureObject(clock, 2, 0);
        profile.addCaptureObject(status, 2, 0);
        profile.addCaptureObject(energy, 2, 0);
        profile.setCapturePeriod(options.capturePeriodS());
        profile.setSortMethod(SortMethod.FIFO);
        profile.setSortObject(clock);
        profile.setProfileEntries(options.profileEntries());
        getItems().add(profile);

        counter.setDataType(2, DataType.UINT32);
        counter.setValue(state.lastAccepted(options.client()));
        getItems().add(counter);

        publicAssociation.setClientSAP(MeterOptions.PublicClient.ADDRESS);
        publicAssociation.getAuthenticationMechanismName().setMechanismId(Authentication.NONE);
        publicAssociation.getXDLMSContextInfo().setMaxReceivePduSize(1024);
        publicAssociation.getXDLMSContextInfo().setMaxSendPduSize(1024);
        publicAssociation.getXDLMSContextInfo().getConformance().clear();
        publicAssociation.getXDLMSContextInfo().getConformance().add(Conformance.GET);
        publicAssociation.getXDLMSContextInfo().getConformance().add(Conformance.MULTIPLE_REFERENCES);
        publicAssociation.getObjectList().clear();
        publicAssociation.getObjectList().add(publicAssociation);
        publicAssociation.getObjectList().add(deviceName);
        publicAssociation.getObjectList().add(counter);

        final GXDLMSAssociationLogicalName management = new GXDLMSAssociationLogicalName("0.0.40.0.3.255");
        management.setClientSAP(options.client());
        management.getXDLMSContextInfo().setMaxReceivePduSize(1024);
        management.getXDLMSContextInfo().setMaxSendPduSize(1024);
        management.getXDLMSContextInfo().getConformance().addAll(GXDLMSClient.getInitialConformance(true));
        management.getXDLMSContextInfo().getConformance().add(Conformance.MULTIPLE_REFERENCES);
        management.getXDLMSContextInfo().getConformance().add(Conformance.SELECTIVE_ACCESS);
        switch (options.auth()) {
            case NONE -> management.getAuthenticationMechanismName().setMechanismId(Authentication.NONE);
            case LOW -> {
                management.getAuthenticationMechanismName().setMechanismId(Authentication.LOW);
                management.setSecret(options.password().getBytes());
            }
            case HIGH_GMAC -> {
                management.getAuthenticationMechanismName().setMechanismId(Authentication.HIGH_GMAC);
                final GXDLMSSecuritySetup security = new GXDLMSSecuritySetup("0.0.43.0.1.255");
                security.setSecuritySuite(SecuritySuite.SUITE_0);
                security.setGuek(options.blockCipherKey());
                security.setGak(options.authenticationKey());
                security.setServerSystemTitle(options.systemTitle());
                getItems().add(security);
                management.setSecuritySetupReference(security.getLogicalName());
                management.getApplicationContextName().setContextId(ApplicationContextName.LOGICAL_NAME_WITH_CIPHERING);
                getCiphering().setBlockCipherKey(options.blockCipherKey());
                getCiphering().setAuthenticationKey(options.authenticationKey());
            }
            default -> throw new IllegalStateException("unknown authentication " + options.auth());
        }
        getItems().add(management);
        management.getObjectList().addAll(getItems());
    }

    /** Sets what the request is checked against: the shared replay state, not this connection's. */
    void beforeRequest() {
        counter.setValue(BigInteger.valueOf(state.lastAccepted(options.client()) + 1));
        getCiphering().setInvocationCounter(state.transmitCounter());
    }

    /**
     * Records what Gurux accepted (it stores an accepted counter into the object as a Long) or rejected, and says
     * when an association became established (for HLS only after the client's reply to the challenge).
     */
    void afterRequest(byte[] reply) {
        final GXDLMSAssociationLogicalName association = getAssignedAssociation();
        final boolean associated = association != null
                && association.getAssociationStatus() == AssociationStatus.ASSOCIATED;
        if (associated && !announced) {
            MeterOutput.line("association client=" + association.getClientSAP() + " auth="
                    + association.getAuthenticationMechanismName().getMechanismId() + " result=accepted");
        }
        announced = associated;
        final int error = reply == null ? -1 : serviceError(reply);
        if (error == INVOCATION_COUNTER_ERROR || error == DECIPHERING_ERROR) {
            // Gurux answers deciphering-error to an AARQ whose counter is too low (it logs "Invocation counter is
            // invalid") and to one it cannot decipher at all. It stores the counter before it checks the
            // authentication tag: a rejected APDU's counter is not recorded here, as a real meter would not.
            MeterOutput.line("counter client=" + options.client() + " rejected answer="
                    + (error == DECIPHERING_ERROR ? "deciphering-error" : "invocation-counter-error")
                    + " expected-at-least=" + (state.lastAccepted(options.client()) + 1));
        } else if (counter.getValue() instanceof Long accepted) {
            if (state.accept(options.client(), accepted)) {
                MeterOutput.line("counter client=" + options.client() + " accepted=" + accepted);
            } else {
                MeterOutput.line("counter client=" + options.client() + " accepted=" + accepted
                        + " race: another connection had accepted " + state.lastAccepted(options.client()));
            }
        }
        state.transmitCounter(getCiphering().getInvocationCounter());
    }

    /** The service-error of an exception-response (0xD8) in a short reply (wrapper or HDLC frame), or -1. */
    private static int serviceError(byte[] reply) {
        for (int i = 0; i + 2 < reply.length && reply.length < 48; i++) {
            if ((reply[i] & 0xFF) == 0xD8 && (reply[i + 1] == 1 || reply[i + 1] == 2)
                    && (reply[i + 2] == DECIPHERING_ERROR || reply[i + 2] == INVOCATION_COUNTER_ERROR)) {
                return reply[i + 2];
            }
        }
        return -1;
    }

    @Override
    protected boolean isTarget(int serverAddress, int clientAddress) {
        final int logical = options.logicalDevice();
        final int physical = options.physicalAddress();
        final boolean addressed = options.transport() == MeterOptions.Transport.WRAPPER
                ? serverAddress == logical
                : (physical == 0 && serverAddress == logical) || serverAddress == (logical << 7 | physical)
                        || serverAddress == (logical << 14 | physical);
        if (!addressed) {
            MeterOutput.line("ignored server-address=" + serverAddress + " client=" + clientAddress);
            return false;
        }
        for (GXDLMSObject it : getItems().getObjects(ObjectType.ASSOCIATION_LOGICAL_NAME)) {
            final GXDLMSAssociationLogicalName association = (GXDLMSAssociationLogicalName) it;
            if (association.getClientSAP() == clientAddress) {
                setAssignedAssociation(association);
                return true;
            }
        }
        MeterOutput.line("ignored client=" + clientAddress + " (no association for it)");
        return false;
    }

    @Override
    protected SourceDiagnostic onValidateAuthentication(Authentication authentication, byte[] password) {
        if (authentication == Authentication.LOW
                && !Arrays.equals(options.password().getBytes(), password)) {
            MeterOutput.line("association client=" + getSettings().getClientAddress() + " result=rejected"
                    + " reason=wrong-password");
            return SourceDiagnostic.AUTHENTICATION_FAILURE;
        }
        return SourceDiagnostic.NONE;
    }

    @Override
    protected GXDLMSObject onFindObject(ObjectType objectType, int sn, String ln) {
        if (objectType == ObjectType.ASSOCIATION_LOGICAL_NAME && "0.0.40.0.0.255".equals(ln)) {
            return getAssignedAssociation();
        }
        return null;
    }

    @Override
    public void onPreRead(ValueEventArgs[] args) {
        final long now = System.currentTimeMillis();
        for (ValueEventArgs e : args) {
            if (e.getTarget() == clock && e.getIndex() == 2) {
                clock.setTime(clock.now());
            } else if (e.getTarget() == counter && e.getIndex() == 2) {
                // What the meter has accepted, not this connection's check value.
                e.setValue(state.lastAccepted(options.client()));
                e.setHandled(true);
            } else if (e.getTarget() == profile && (e.getIndex() == 2 || e.getIndex() == 7)) {
                refreshBuffer(now);
            }
        }
    }

    private void refreshBuffer(long now) {
        profile.clearBuffer();
        for (MeterState.ProfileRow row : state.rows(now)) {
            profile.addRow(new Object[] {new GXDateTime(new Date(row.capturedAt())), row.status(), row.energy()});
        }
        profile.setEntriesInUse(profile.getBuffer().length);
    }

    @Override
    public void onPostRead(ValueEventArgs[] args) {
    }

    @Override
    public void onPreGet(ValueEventArgs[] args) {
    }

    @Override
    public void onPostGet(ValueEventArgs[] args) {
    }

    @Override
    protected void onPreWrite(ValueEventArgs[] args) {
    }

    @Override
    protected void onPostWrite(ValueEventArgs[] args) {
    }

    @Override
    protected void onPreAction(ValueEventArgs[] args) {
    }

    @Override
    protected void onPostAction(ValueEventArgs[] args) {
    }

    @Override
    protected void onConnected(GXDLMSConnectionEventArgs connectionInfo) {
        // announced in afterRequest: Gurux does not call this for HLS associations
    }

    @Override
    protected void onInvalidConnection(GXDLMSConnectionEventArgs connectionInfo) {
        MeterOutput.line("association client=" + getSettings().getClientAddress() + " auth="
                + getSettings().getAuthentication() + " result=rejected");
    }

    @Override
    protected void onDisconnected(GXDLMSConnectionEventArgs connectionInfo) {
        MeterOutput.line("released client=" + getSettings().getClientAddress());
    }

    @Override
    protected AccessMode onGetAttributeAccess(ValueEventArgs arg) {
        return arg.getSettings().getAuthentication() == Authentication.NONE ? AccessMode.READ : AccessMode.READ_WRITE;
    }

    @Override
    protected MethodAccessMode onGetMethodAccess(ValueEventArgs arg) {
        return arg.getSettings().getAuthentication() == Authentication.NONE
                ? MethodAccessMode.NO_ACCESS : MethodAccessMode.ACCESS;
    }

    /** A register the meter holds: raw value, its type, scaler (power of ten) and unit. */
    record RegisterSpec(String obis, long value, DataType type, int scaler, Unit unit) {
        String describe() {
            return "register obis=" + obis + " value=" + value + " scaler=" + scaler + " unit=" + unit.getValue();
        }
    }
}
