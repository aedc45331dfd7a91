package org.citywatch.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing: after a few failed sign-ins in a row for one user name, or a few more from one
 * address, each further failure locks that name (or address) out for twice as long as the last, 1 s, 2 s, 4 s ...
 * up to {@link #MAX_LOCK}. A name is counted whether or not the user exists, so the answer tells nothing about that.
 * The cap bounds how long someone can lock a real operator out by guessing on purpose. Memory is bounded: at most
 * {@link #MAX_KEYS} names and addresses are remembered (the least recently failed are forgotten first), and a quiet
 * one is forgotten after {@link #FORGET_AFTER}. Thread-safe.
 */
public final class LoginThrottle {

    static final int FREE_FAILURES_PER_USER = 5;
    static final int FREE_FAILURES_PER_ADDRESS = 20;
    static final Duration MAX_LOCK = Duration.ofMinutes(5);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_KEYS;
        }
    };

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    public LoginThrottle() {
        this(Clock.systemUTC());
    }

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the user name or the address must still wait; empty when a try is allowed now. */
    public synchronized Optional<Duration> wait(String user, String address) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        for (String key : new String[] {userKey(user), addressKey(address)}) {
            Failures f = current(key, now);
            if (f != null && f.lockedUntil().isAfter(now)) {
                Duration d = Duration.between(now, f.lockedUntil());
                longest = d.compareTo(longest) > 0 ? d : longest;
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    public synchronized void failed(String user, String address) {
        Instant now = clock.instant();
        count(userKey(user), FREE_FAILURES_PER_USER, now);
        count(addressKey(address), FREE_FAILURES_PER_ADDRESS, now);
    }

    /** A successful sign-in clears the name's count (not the address's: one good account must not buy guesses). */
    public synchronized void succeeded(String user) {
        failures.remove(userKey(user));
    }

    synchronized int size() {
        return failures.size();
    }

    private void count(String key, int free, Instant now) {
        Failures f = current(key, now);
        int n = f == null ? 1 : f.count() + 1;
        Instant lockedUntil = now;
        if (n > free) {
            int doublings = Math.min(n - free - 1, 20);
            Duration lock = Duration.ofSeconds(1L << doublings);
            lockedUntil = now.plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock);
        }
        failures.put(key, new Failures(n, now, lockedUntil));
    }

    private Failures current(String key, Instant now) {
        Failures f = failures.get(key);
        if (f != null && Duration.between(f.last(), now).compareTo(FORGET_AFTER) > 0 && !f.lockedUntil().isAfter(now)) {
            failures.remove(key);
            return null;
        }
        return f;
    }

    private static String userKey(String user) {
        return "u:" + (user == null ? "" : user.toLowerCase(java.util.Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "a:" + (address == null ? "" : address);
    }
}
