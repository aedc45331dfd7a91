package org.citywatch.analytics.rules;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.citywatch.analytics.detect.Detection;

/**
 * Crowd: at least {@code minPersons} persons in the frame for at least {@code minDuration} raises one
 * alert. The episode ends once the count has stayed below the threshold for {@code hold}; a new episode
 * can then raise a new alert, but not before {@code cooldown} has passed since the last one, so that a
 * crowd at the edge of the threshold does not flap.
 *
 * <p>One instance per camera; not thread-safe (one analysis worker handles a camera at a time).
 */
public final class CrowdRule {

    /** The rule's settings. */
    public record Settings(int minPersons, Duration minDuration, Duration hold, Duration cooldown) {
        public Settings {
            if (minPersons < 1) {
                throw new IllegalArgumentException("crowd.minPersons must be at least 1");
            }
            if (minDuration.isNegative() || hold.isNegative() || cooldown.isNegative()) {
                throw new IllegalArgumentException("crowd durations must not be negative");
            }
        }
    }

    /** The rule fired: {@code persons} were in view, continuously since {@code sinceNanos}. */
    public record Hit(int persons, long sinceNanos, List<Detection> personsInView) {
    }

    public static final String PERSON = "person";

    private final Settings settings;
    private long aboveSince = -1;       // when the count reached the threshold, -1 if below
    private long belowSince = -1;       // when it dropped below during an episode
    private boolean raisedThisEpisode;
    private long lastRaised = Long.MIN_VALUE;

    public CrowdRule(Settings settings) {
        this.settings = settings;
    }

    /** Feeds one analysed frame; returns a hit when an alert should be raised now. */
    public Optional<Hit> update(long nanos, List<Detection> detections) {
        List<Detection> persons = detections.stream().filter(d -> PERSON.equals(d.label())).toList();
        if (persons.size() >= settings.minPersons()) {
            belowSince = -1;
            if (aboveSince < 0) {
                aboveSince = nanos;
            }
            boolean longEnough = nanos - aboveSince >= settings.minDuration().toNanos();
            boolean cooledDown = lastRaised == Long.MIN_VALUE || nanos - lastRaised >= settings.cooldown().toNanos();
            if (longEnough && !raisedThisEpisode && cooledDown) {
                raisedThisEpisode = true;
                lastRaised = nanos;
                return Optional.of(new Hit(persons.size(), aboveSince, persons));
            }
        } else if (aboveSince >= 0) {
            if (belowSince < 0) {
                belowSince = nanos;
            }
            if (nanos - belowSince >= settings.hold().toNanos()) {
                aboveSince = -1;
                belowSince = -1;
                raisedThisEpisode = false;
            }
        }
        return Optional.empty();
    }
}
