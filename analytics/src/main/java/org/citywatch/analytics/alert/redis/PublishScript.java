package org.citywatch.analytics.alert.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.citywatch.analytics.alert.AlertEvent;

/**
 * The one atomic step of a publish, as a Lua script run with EVALSHA: compare the stored version of the alert with
 * the event's, and only if the event's is higher store the alert, index it, trim the oldest alerts past the bound,
 * and append the event to the stream (MAXLEN ~). Atomic, so two nodes publishing the same alert cannot both win, and
 * idempotent per version: an event replayed from the journal that Redis already holds (its publish timed out after
 * Redis had applied it) finds its version stored and appends nothing. That is what makes replay exactly-once.
 */
final class PublishScript {

    // Lua's < on strings follows the C library's collation; Redis sorts members by bytes, so compare bytes.
    static final String LUA = """
            local function before(a, b)
              local n = math.min(#a, #b)
              for i = 1, n do
                local x, y = string.byte(a, i), string.byte(b, i)
                if x ~= y then return x < y end
              end
              return #a < #b
            end
            local id, version, maxAlerts = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[5])
            local stored = redis.call('HGET', KEYS[2], id)
            if stored then
              if tonumber(stored) >= version then return false end
            elseif redis.call('ZCARD', KEYS[3]) >= maxAlerts then
              local oldest = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
              if oldest and before(id, oldest) then return false end
            end
            redis.call('HSET', KEYS[1], id, ARGV[3])
            redis.call('HSET', KEYS[2], id, ARGV[2])
            redis.call('ZADD', KEYS[3], 0, id)
            local over = redis.call('ZCARD', KEYS[3]) - maxAlerts
            if over > 0 then
              local dropped = redis.call('ZRANGE', KEYS[3], 0, over - 1)
              redis.call('ZREMRANGEBYRANK', KEYS[3], 0, over - 1)
              redis.call('HDEL', KEYS[1], unpack(dropped))
              redis.call('HDEL', KEYS[2], unpack(dropped))
            end
            return redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[4], '*', 'event', ARGV[3])
            """;

    private static final String SHA = sha1(LUA);

    private final String[] keys;
    private final String streamMaxLen;
    private final String maxAlerts;

    PublishScript(RedisKeys keys, int streamMaxLen, int maxAlerts) {
        this.keys = new String[] {keys.alerts(), keys.versions(), keys.ids(), keys.events()};
        this.streamMaxLen = Integer.toString(streamMaxLen);
        this.maxAlerts = Integer.toString(maxAlerts);
    }

    /**
     * @param json the event as {@link AlertEventCodec} wrote it
     * @return the stream id of the appended entry, or null when the event was stale (nothing written)
     * @throws io.lettuce.core.RedisException when Redis cannot run it (see {@link RedisLink#isOutage})
     */
    String run(RedisCommands<String, String> redis, AlertEvent event, String json) {
        String[] args = {event.alert().id(), Long.toString(event.alert().version()), json, streamMaxLen, maxAlerts};
        try {
            return redis.evalsha(SHA, ScriptOutputType.VALUE, keys, args);
        } catch (RedisNoScriptException e) {
            // Redis forgets scripts when it restarts (or on SCRIPT FLUSH): load it again, once per restart.
            redis.scriptLoad(LUA);
            return redis.evalsha(SHA, ScriptOutputType.VALUE, keys, args);
        }
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
