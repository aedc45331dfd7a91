package org.citywatch.api.integrations;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How alerts are exported as CAP 1.2 ({@code integrations.cap}).
 *
 * @param sender      the CAP {@code <sender>}: who issues the messages, globally unique (CAP suggests an e-mail
 *                    style address); no spaces, commas, '&lt;' or '&amp;' (CAP 1.2 section 3.2.1)
 * @param senderName  the {@code <senderName>} people read
 * @param restricted  false: scope Public; true: scope Restricted, with {@code restriction} as the rule
 * @param restriction the {@code <restriction>} text when restricted
 * @param webBase     the address operators reach CityWatch at (e.g. https://citywatch.example.org): the alert's
 *                    {@code <web>} link and its evidence URIs are made from it; without it there is no
 *                    {@code <web>} and evidence URIs use the address the export was asked on
 * @param zone        the time zone of the timestamps (CAP wants a local offset; UTC is written -00:00)
 */
public record CapSettings(String sender, String senderName, boolean restricted, String restriction,
                          Optional<String> webBase, ZoneId zone) {

    /** CAP 1.2: identifier and sender "MUST NOT include spaces, commas or restricted characters (&lt; and &amp;)". */
    static final Pattern CAP_TOKEN = Pattern.compile("[^\\s,<&]+");

    public CapSettings {
        Objects.requireNonNull(sender, "sender");
        if (!CAP_TOKEN.matcher(sender).matches()) {
            throw new IllegalArgumentException("integrations.cap.sender must have no spaces, commas, '<' or '&', got '"
                    + sender + "'");
        }
        senderName = senderName == null || senderName.isBlank() ? "CityWatch" : senderName.strip();
        restriction = restriction == null || restriction.isBlank() ? "For public-safety agencies only"
                : restriction.strip();
        webBase = webBase == null ? Optional.empty() : webBase.map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        webBase.ifPresent(w -> {
            String lower = w.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
                throw new IllegalArgumentException("integrations.cap.webBase must be an http(s) URL, got " + w);
            }
        });
        Objects.requireNonNull(zone, "zone");
    }

    /** The defaults: sender citywatch@HOST, scope Public, no web base, the machine's time zone. */
    public static CapSettings defaults() {
        return new CapSettings(defaultSender(), "CityWatch", false, null, Optional.empty(), ZoneId.systemDefault());
    }

    /** {@code citywatch@<host>}, the host name cleaned to what CAP allows in a sender. */
    public static String defaultSender() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
        }
        String clean = host.strip().replaceAll("[\\s,<&]", "");
        return "citywatch@" + (clean.isEmpty() ? "localhost" : clean);
    }
}
