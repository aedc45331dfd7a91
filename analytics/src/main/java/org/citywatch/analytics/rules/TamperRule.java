package org.citywatch.analytics.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.analytics.tamper.TamperCheck;
import org.citywatch.analytics.tamper.TamperKind;
import org.citywatch.analytics.tamper.TamperSettings;

/**
 * Camera tamper: the view covered or black, blurred, frozen or shifted ({@link TamperCheck}). A view rule: it
 * looks at the picture, not at tracks, so the pipeline runs it on the frames a camera shows whether analysed or
 * not (at most once a second), and a patrolled camera is checked between its turns on ingest's thumbnails.
 * One incident per camera whatever the cause; the message names the causes.
 */
public final class TamperRule implements Rule, AutoCloseable {

    private final String id;
    private final Severity severity;
    private final TamperCheck check;

    public TamperRule(String id, TamperSettings settings, Severity severity) {
        this.id = id;
        this.severity = severity;
        this.check = new TamperCheck(settings);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized void evaluate(SceneFrame frame, RuleOutput out) {
        if (frame.image() == null) {
            return;
        }
        TamperCheck.Look look = check.look(frame.image(), frame.nanos());
        if (!look.tampered()) {
            return;
        }
        long since = look.holding().values().stream().mapToLong(Long::longValue).min().orElse(frame.nanos());
        Map<String, Number> counts = new LinkedHashMap<>();
        counts.put("contrast", round(look.stats().contrast()));
        counts.put("sharpnessPct", Double.isNaN(check.usualSharpness()) || check.usualSharpness() <= 0 ? 0
                : Math.round(100 * look.stats().sharpness() / check.usualSharpness()));
        if (!Double.isNaN(look.stats().match())) {
            counts.put("sceneMatch", round(look.stats().match()));
        }
        String causes = look.holding().keySet().stream().map(k -> describe(k, look)).collect(Collectors.joining(", "));
        String message = String.format(Locale.ROOT, "view %s for %d s", causes,
                Math.max(0, (frame.nanos() - since) / 1_000_000_000L));
        out.finding(new Finding(AlertType.CAMERA_TAMPER, "", severity, message, List.of(), counts, since));
    }

    private static String describe(TamperKind kind, TamperCheck.Look look) {
        return switch (kind) {
            case COVERED -> look.stats().mean() < 30 ? "black" : "covered";
            case BLURRED -> "blurred";
            case FROZEN -> "frozen";
            case SHIFTED -> "shifted";
        };
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    @Override
    public synchronized void close() {
        check.close();
    }
}
