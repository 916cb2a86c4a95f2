package org.dsr.orchestrator.console.compliance;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.dsr.orchestrator.console.compliance.ComplianceViews.ChainCheckView;
import org.dsr.orchestrator.console.compliance.ComplianceViews.ExportView;
import org.dsr.orchestrator.console.compliance.ComplianceViews.HomeView;
import org.dsr.orchestrator.console.compliance.ComplianceViews.LookupView;

/** The compliance pages' templates ({@code templates/console/compliance/}), shared by the three resources. */
@CheckedTemplate(basePath = "console/compliance")
final class ComplianceTemplates {

    private ComplianceTemplates() {}

    static native TemplateInstance home(HomeView home, LookupView lookup);

    static native TemplateInstance lookupResults(LookupView lookup);

    static native TemplateInstance record(RecordView record, String cli);

    static native TemplateInstance recordPdf(RecordView record, String generatedAt, String generatedBy);

    static native TemplateInstance export(ExportView export);

    static native TemplateInstance chainCheck(ChainCheckView check);
}
