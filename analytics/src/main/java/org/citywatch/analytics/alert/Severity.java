package org.citywatch.analytics.alert;

/** Operator priority: P1 needs action now, P4 is for the record. */
public enum Severity {
    P1, P2, P3, P4
}
