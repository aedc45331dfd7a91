package org.citywatch.analytics.alert.redis;

/**
 * The Redis keys of one CityWatch installation, all under one prefix (default {@code citywatch:}). A prefix with a
 * hash tag ({@code {citywatch}:}) puts them in one Redis Cluster slot, which the publish script needs.
 *
 * @param events   the stream of alert events (entries with one field, {@code event}: the event's JSON)
 * @param alerts   hash: alert id to the JSON of its latest event (the alert's state)
 * @param versions hash: alert id to its stored version (what the publish script compares)
 * @param ids      sorted set of the stored alert ids, all with score 0 so that members sort by id, that is by
 *                 raising time: queries page it newest first and retention trims its oldest
 */
public record RedisKeys(String events, String alerts, String versions, String ids) {

    public static RedisKeys of(String prefix) {
        String p = prefix == null ? "" : prefix;
        return new RedisKeys(p + "events", p + "alerts", p + "alert-versions", p + "alert-ids");
    }
}
