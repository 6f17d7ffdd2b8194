package io.meterflow.local;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.meterflow.testing.architecture.MeterFlowModule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The MeterFlow modules and guarded libraries this module may use (docs/architecture.md). */
@AnalyzeClasses(packages = "io.meterflow.local", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    @ArchTest
    static final ArchRule moduleBoundaries = MeterFlowModule.LOCAL_STACK.rules();

    /**
     * The fault suite runs every component as its own process so it can kill it: it starts them by class name and
     * talks to them over the network, and links none of them (nor the libraries only they may use).
     */
    @ArchTest
    static final ArchRule faultSuiteRunsComponentsAsProcesses = noClasses()
            .that().resideInAPackage("io.meterflow.local.chaos..")
            .should().dependOnClassesThat().resideInAnyPackage("io.meterflow.streams..", "io.meterflow.api..",
                    "org.apache.kafka.streams..", "io.javalin..", "org.apache.kafka.connect..")
            .because("the fault suite kills components with SIGKILL, so each must run in its own process"
                    + " (docs/architecture.md)");
}
