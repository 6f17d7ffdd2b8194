package io.meterflow.streams;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.meterflow.testing.architecture.MeterFlowModule;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** streams-app's packages and what each may use, as docs/architecture.md states them. */
@AnalyzeClasses(packages = "io.meterflow.streams", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule packagesAreAcyclic = slices().matching("io.meterflow.streams.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("App").definedBy("io.meterflow.streams")
            .layer("Health").definedBy("io.meterflow.streams.health..")
            .layer("Meter").definedBy("io.meterflow.streams.meter..")
            .layer("Intervals").definedBy("io.meterflow.streams.intervals..")
            .layer("Ledger").definedBy("io.meterflow.streams.ledger..")
            .layer("Validation").definedBy("io.meterflow.streams.validation..")
            .layer("Estimation").definedBy("io.meterflow.streams.estimation..")
            .layer("Rates").definedBy("io.meterflow.streams.rates..")
            .layer("Drift").definedBy("io.meterflow.streams.drift..")
            .layer("ErrorStats").definedBy("io.meterflow.streams.errorstats..")
            .layer("Alerts").definedBy("io.meterflow.streams.alerts..")
            .layer("Notify").definedBy("io.meterflow.streams.notify..")
            .layer("Config").definedBy("io.meterflow.streams.config..")
            .layer("Metrics").definedBy("io.meterflow.streams.metrics..")
            .layer("Storage").definedBy("io.meterflow.streams.storage..")
            .layer("Time").definedBy("io.meterflow.streams.time..")
            .whereLayer("App").mayNotBeAccessedByAnyLayer()
            .whereLayer("Health").mayOnlyBeAccessedByLayers("App")
            .whereLayer("Health").mayOnlyAccessLayers("Config", "Metrics")
            .whereLayer("Meter").mayOnlyBeAccessedByLayers("App")
            .whereLayer("Meter").mayOnlyAccessLayers("Rates", "Drift", "ErrorStats", "Alerts", "Config", "Metrics", "Storage")
            // The domain packages know none of each other: the meter package composes them.
            .whereLayer("Rates").mayOnlyBeAccessedByLayers("Meter", "App")
            .whereLayer("Rates").mayOnlyAccessLayers("Config", "Metrics", "Storage")
            .whereLayer("Drift").mayOnlyBeAccessedByLayers("Meter", "App")
            .whereLayer("Drift").mayOnlyAccessLayers("Config", "Metrics", "Storage")
            .whereLayer("ErrorStats").mayOnlyBeAccessedByLayers("Meter", "App")
            .whereLayer("ErrorStats").mayOnlyAccessLayers("Config", "Metrics", "Storage")
            .whereLayer("Alerts").mayOnlyBeAccessedByLayers("Meter", "App")
            .whereLayer("Alerts").mayOnlyAccessLayers("Config", "Metrics", "Storage", "Time")
            // The interval-quality processor composes ledger, validation and estimation, as meter composes its domains.
            .whereLayer("Intervals").mayOnlyBeAccessedByLayers("App")
            .whereLayer("Intervals").mayOnlyAccessLayers("Ledger", "Validation", "Estimation", "Config", "Metrics",
                    "Storage", "Time")
            .whereLayer("Ledger").mayOnlyBeAccessedByLayers("Intervals", "App")
            .whereLayer("Ledger").mayOnlyAccessLayers("Config", "Metrics", "Storage")
            .whereLayer("Validation").mayOnlyBeAccessedByLayers("Intervals", "App")
            .whereLayer("Validation").mayOnlyAccessLayers("Config", "Metrics", "Storage")
            .whereLayer("Estimation").mayOnlyBeAccessedByLayers("Intervals")
            .whereLayer("Estimation").mayNotAccessAnyLayer()
            // The notifier reads topics only: it knows no other package's types.
            .whereLayer("Notify").mayOnlyBeAccessedByLayers("App")
            .whereLayer("Notify").mayNotAccessAnyLayer()
            .whereLayer("Config").mayOnlyAccessLayers("Storage")
            .whereLayer("Metrics").mayNotAccessAnyLayer()
            // Generic store machinery: it knows no state type.
            .whereLayer("Storage").mayNotAccessAnyLayer()
            // Wall-clock judgement shared by the alerts and the ledger.
            .whereLayer("Time").mayNotAccessAnyLayer()
            .ensureAllClassesAreContainedInArchitecture();

    @ArchTest
    static final ArchRule moduleBoundaries = MeterFlowModule.STREAMS_APP.rules();
}
