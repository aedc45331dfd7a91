package org.citywatch.analytics.pipeline;

/**
 * The node's live views now.
 *
 * @param viewed  cameras viewed live (refreshed about once a second) now
 * @param max     the cap ({@code analytics.liveViews})
 * @param refused requests for a live view refused for want of room since start
 */
public record LiveViewFigures(int viewed, int max, long refused) {
}
