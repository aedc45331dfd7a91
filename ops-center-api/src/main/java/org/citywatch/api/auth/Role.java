package org.citywatch.api.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A user's role. Hierarchical on purpose: a control room promotes people, it does not give them disjoint
 * powers, so each role can do everything the roles before it can.
 *
 * <ul>
 *   <li>{@code viewer}: reads everything (cameras, alerts, evidence, counts, statistics) and the live push;</li>
 *   <li>{@code operator}: also acknowledges alerts and pins cameras to live analysis;</li>
 *   <li>{@code dispatcher}: also dispatches, resolves and closes alerts as false alarms;</li>
 *   <li>{@code admin}: also adds, changes and removes cameras and users at run time.</li>
 * </ul>
 */
public enum Role {
    VIEWER, OPERATOR, DISPATCHER, ADMIN;

    /** True when this role may do what {@code required} may. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    /** The name in configuration, tokens and JSON: {@code viewer}, {@code operator}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.name().equals(n)).findFirst();
    }

    /** @throws IllegalArgumentException naming the roles there are */
    public static Role parse(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("role '" + name
                + "' is not one of viewer, operator, dispatcher, admin"));
    }
}
