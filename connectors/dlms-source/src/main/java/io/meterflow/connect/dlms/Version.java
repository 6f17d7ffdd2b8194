package io.meterflow.connect.dlms;

/** The connector's version, from the jar manifest when packaged. */
public final class Version {

    private Version() {
    }

    public static String get() {
        final String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }
}
