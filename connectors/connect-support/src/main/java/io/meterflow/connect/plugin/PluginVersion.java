package io.meterflow.connect.support.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version every MeterFlow connector and task reports to Connect: the Maven project version, written into this
 * module's resources at build time. connect-support is bundled into each plugin at the plugin's own version, and
 * the resource is there in the IDE and in tests too (a jar manifest is not).
 */
public final class PluginVersion {

    private static final String RESOURCE = "/meterflow-connect-support.properties";
    private static final String VERSION = load();

    private PluginVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = PluginVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from meterflow-connect-support");
            }
            final Properties props = new Properties();
            props.load(in);
            return props.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
