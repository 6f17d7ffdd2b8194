package io.meterflow.connect.dlms;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.meterflow.testing.architecture.MeterFlowModule;

/** The MeterFlow modules and guarded libraries this module may use (docs/architecture.md). */
@AnalyzeClasses(packages = "io.meterflow.connect.dlms", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    @ArchTest
    static final ArchRule moduleBoundaries = MeterFlowModule.DLMS_SOURCE.rules();
}
