package org.citywatch.analytics.alert;

/** What an alert is about. More types arrive with the rules of later stages. */
public enum AlertType {
    /** At least N persons in view for at least T seconds. */
    CROWD
}
