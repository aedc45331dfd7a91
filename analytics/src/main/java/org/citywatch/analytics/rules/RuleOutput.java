package org.citywatch.analytics.rules;

import java.util.ArrayList;
import java.util.List;

/** What the rules of one camera reported on one frame; reused frame after frame by its owner. */
public final class RuleOutput {

    private final List<Finding> findings = new ArrayList<>();
    private final List<Crossing> crossings = new ArrayList<>();

    public void finding(Finding f) {
        findings.add(f);
    }

    public void crossing(Crossing c) {
        crossings.add(c);
    }

    public List<Finding> findings() {
        return findings;
    }

    public List<Crossing> crossings() {
        return crossings;
    }

    public void clear() {
        findings.clear();
        crossings.clear();
    }
}
