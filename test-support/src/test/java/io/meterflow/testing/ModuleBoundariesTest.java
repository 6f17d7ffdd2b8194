package io.meterflow.testing;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.meterflow.testing.architecture.MeterFlowModule;

/**
 * The module rules of docs/architecture.md for test-support and for the two modules below it, schemas and
 * embedded-kafka, whose classes are on this module's classpath (they have no test-support to check themselves).
 */
@AnalyzeClasses(packages = {"io.meterflow.testing", "io.meterflow.schema", "io.meterflow.kafka.embedded"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    @ArchTest
    static final ArchRule testSupport = MeterFlowModule.TEST_SUPPORT.rules();

    @ArchTest
    static final ArchRule schemas = MeterFlowModule.SCHEMAS.rules();

    @ArchTest
    static final ArchRule embeddedKafka = MeterFlowModule.EMBEDDED_KAFKA.rules();
}
