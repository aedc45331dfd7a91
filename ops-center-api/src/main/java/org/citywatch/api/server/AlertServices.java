package org.citywatch.api.server;

import java.util.Objects;
import org.citywatch.analytics.alert.AlertStore;
import org.citywatch.analytics.alert.AlertWorkflow;
import org.citywatch.analytics.alert.EvidenceStore;

/** What the API serves about alerts: the store (and bus), the evidence and the operators' workflow. */
public record AlertServices(AlertStore store, EvidenceStore evidence, AlertWorkflow workflow) {

    public AlertServices {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(workflow, "workflow");
    }
}
