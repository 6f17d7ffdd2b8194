package io.meterflow.connect.mqtt;

/** The plugin version Connect reports, from the jar manifest (the Maven project version). */
final class Version {

    private Version() {
    }

    static String get() {
        final String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }
}
