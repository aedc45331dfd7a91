package org.citywatch.analytics.rules;

import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;

/**
 * The base of the rules that look at tracks: a rule of one camera, of one type, with a configured severity. A gap
 * between analysed frames longer than {@link #MAX_GAP_NANOS} (the patrol left the camera, or the stream dropped)
 * forgets what the rule had gathered: its timers would otherwise count the time nobody was looking.
 */
public abstract class TrackRule implements Rule {

    /** Longer than this between two analysed frames, and a rule starts afresh. */
    public static final long MAX_GAP_NANOS = 5_000_000_000L;

    private final String id;
    protected final AlertType type;
    protected final Severity severity;
    private long lastNanos = Long.MIN_VALUE;

    protected TrackRule(String id, AlertType type, Severity severity) {
        this.id = java.util.Objects.requireNonNull(id, "id");
        this.type = type;
        this.severity = java.util.Objects.requireNonNull(severity, "severity");
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final void evaluate(SceneFrame frame, RuleOutput out) {
        if (lastNanos != Long.MIN_VALUE && frame.nanos() - lastNanos > MAX_GAP_NANOS) {
            reset();
        }
        lastNanos = frame.nanos();
        check(frame, out);
    }

    /** One frame, after any gap has been dealt with. */
    protected abstract void check(SceneFrame frame, RuleOutput out);

    /** Forget everything gathered so far. */
    protected abstract void reset();

    /** Whole seconds, for messages. */
    protected static long seconds(long nanos) {
        return Math.max(0, nanos / 1_000_000_000L);
    }
}
