package io.meterflow.connect.mqtt.support;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.util.Set;

/** Reads a Connect worker process's plugin metrics over JMX, as an operator's JMX exporter would. */
public final class WorkerJmx {

    private WorkerJmx() {
    }

    /** The value of plugin metric {@code metric} of task {@code task} of {@code connector} in worker process {@code pid}. */
    public static double pluginMetric(long pid, String connector, int task, String metric) throws Exception {
        final VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
        try {
            final String address = vm.startLocalManagementAgent();
            try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                final MBeanServerConnection server = jmx.getMBeanServerConnection();
                final Set<ObjectName> names = server.queryNames(new ObjectName(
                        "kafka.connect:type=plugins,connector=" + connector + ",task=" + task + ",*"), null);
                for (ObjectName name : names) {
                    try {
                        return ((Number) server.getAttribute(name, metric)).doubleValue();
                    } catch (javax.management.AttributeNotFoundException notHere) {
                        // another plugin's MBean of this task
                    }
                }
                throw new IllegalStateException("no plugin metric " + metric + " among " + names
                        + "; all plugin MBeans: " + server.queryNames(new ObjectName("kafka.connect:type=plugins,*"), null));
            }
        } finally {
            vm.detach();
        }
    }
}
