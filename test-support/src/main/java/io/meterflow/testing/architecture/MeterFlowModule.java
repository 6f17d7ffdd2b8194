package io.meterflow.testing.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module rules of docs/architecture.md: which MeterFlow modules and which guarded libraries each module's main
 * code may use. Each module has a {@code ModuleBoundariesTest} that checks its own classes with {@link #rules()};
 * a change of the rules changes this table and the document together.
 *
 * <p>Constants are declared bottom-up, so a module names only modules declared before it.
 */
public enum MeterFlowModule {

    SCHEMAS("schemas", "io.meterflow.schema"),
    EMBEDDED_KAFKA("embedded-kafka", "io.meterflow.kafka.embedded"),
    TEST_SUPPORT("test-support", "io.meterflow.testing", SCHEMAS, EMBEDDED_KAFKA),
    SIMULATOR("simulator", "io.meterflow.simulator", SCHEMAS),
    STREAMS_APP("streams-app", "io.meterflow.streams", SCHEMAS),
    CONNECT_SUPPORT("connectors/connect-support", "io.meterflow.connect.support", SCHEMAS),
    DLMS_SOURCE("connectors/dlms-source", "io.meterflow.connect.dlms", SCHEMAS, CONNECT_SUPPORT),
    MQTT_SOURCE("connectors/mqtt-source", "io.meterflow.connect.mqtt", SCHEMAS, CONNECT_SUPPORT),
    POSTGRES_SINK("connectors/postgres-sink", "io.meterflow.connect.postgres", SCHEMAS, CONNECT_SUPPORT),
    QUERY_API("query-api", "io.meterflow.api", SCHEMAS),
    LOCAL_STACK("local-stack", "io.meterflow.local", SCHEMAS, EMBEDDED_KAFKA, STREAMS_APP, QUERY_API);

    /** Libraries only some modules may use, and why. */
    public enum GuardedLibrary {
        JDLMS("org.openmuc..", "jDLMS is GPL-3.0: only the GPL-3.0 modules link it", SIMULATOR, DLMS_SOURCE),
        KAFKA_STREAMS("org.apache.kafka.streams..", "only the Streams application (and the local stack that runs it)"
                + " is a Kafka Streams application", STREAMS_APP, LOCAL_STACK),
        JAVALIN("io.javalin..", "only the query API (and the local stack that runs it) serves HTTP with Javalin",
                QUERY_API, LOCAL_STACK);

        private final String packages;
        private final String reason;
        private final Set<MeterFlowModule> users;

        GuardedLibrary(String packages, String reason, MeterFlowModule... users) {
            this.packages = packages;
            this.reason = reason;
            this.users = Set.of(users);
        }
    }

    private static final String ALL_MODULES = "io.meterflow..";

    private final String path;
    private final String rootPackage;
    private final List<MeterFlowModule> mayImport;

    MeterFlowModule(String path, String rootPackage, MeterFlowModule... mayImport) {
        this.path = path;
        this.rootPackage = rootPackage;
        this.mayImport = List.of(mayImport);
    }

    public String rootPackage() {
        return rootPackage;
    }

    /** Every rule of this module: the MeterFlow modules it may use and the guarded libraries it must not. */
    public ArchRule rules() {
        final List<ArchRule> rules = new ArrayList<>();
        rules.add(moduleRule());
        for (GuardedLibrary library : GuardedLibrary.values()) {
            if (!library.users.contains(this)) {
                rules.add(libraryRule(library));
            }
        }
        return CompositeArchRule.of(rules);
    }

    private ArchRule moduleRule() {
        final String[] allowed = Stream.concat(Stream.of(this), mayImport.stream())
                .map(m -> m.rootPackage + "..").toArray(String[]::new);
        final DescribedPredicate<JavaClass> allowedClasses = resideOutsideOfPackage(ALL_MODULES)
                .or(resideInAnyPackage(allowed));
        return classes().that().resideInAPackage(ownPackages())
                .should().onlyDependOnClassesThat(allowedClasses.as("are outside MeterFlow or in " + String.join(", ", allowed)))
                .because(path + " may import only " + (mayImport.isEmpty() ? "no other MeterFlow module"
                        : mayImport.stream().map(m -> m.path).collect(Collectors.joining(", ")))
                        + " (docs/architecture.md)");
    }

    private ArchRule libraryRule(GuardedLibrary library) {
        return noClasses().that().resideInAPackage(ownPackages())
                .should().dependOnClassesThat().resideInAPackage(library.packages)
                .because(library.reason + " (docs/architecture.md)");
    }

    private String ownPackages() {
        return rootPackage + "..";
    }
}
