package org.citywatch.api.integrations;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AuditEntry;
import org.citywatch.analytics.alert.Evidence;

/**
 * An alert as a CAP 1.2 message ({@code <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">}), the OASIS format
 * public-safety systems read. Written with the JDK's StAX writer, which escapes text; characters XML 1.0 cannot
 * carry at all (control characters, lone surrogates) are replaced with U+FFFD first. The vocabulary mapping is
 * {@link CapVocabulary}.
 *
 * <p>One alert version gives one message, always the same bytes: identifier {@code {alertId}} for the first version
 * and {@code {alertId}.{version}} after, sent at the version's time, so a receiver that polls deduplicates on the
 * identifier; later versions reference the first ({@code sender,identifier,sent}) and name the alert id in
 * {@code <incidents>}.
 */
public final class CapExport {

    public static final String NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";
    public static final String MEDIA_TYPE = "application/cap+xml";
    /** The circle around a camera: it sees about this far, in km. */
    static final String RADIUS_KM = "0.1";
    private static final DateTimeFormatter CAP_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private final CapSettings settings;

    /** A camera's position (WGS 84). */
    public record Position(double latitude, double longitude) {
    }

    public CapExport(CapSettings settings) {
        this.settings = settings;
    }

    public CapSettings settings() {
        return settings;
    }

    /**
     * @param position    the camera's position, when the camera is known (it gives the area's circle)
     * @param requestBase the address the export was asked on (scheme://host:port), for evidence URIs when no
     *                    {@code webBase} is configured
     */
    public String toXml(Alert a, Optional<Position> position, String requestBase) {
        StringWriter out = new StringWriter(4096);
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(out);
            Indenting x = new Indenting(w);
            w.writeStartDocument("UTF-8", "1.0");
            w.setDefaultNamespace(NAMESPACE);
            x.start("alert", 0);
            w.writeDefaultNamespace(NAMESPACE);
            CapVocabulary.MsgType type = CapVocabulary.msgType(a);
            boolean first = type == CapVocabulary.MsgType.Alert;
            x.leaf("identifier", first ? a.id() : a.id() + "." + a.version(), 1);
            x.leaf("sender", settings.sender(), 1);
            x.leaf("sent", time(first ? a.raisedAt() : a.updatedAt()), 1);
            x.leaf("status", "Actual", 1);
            x.leaf("msgType", type.name(), 1);
            x.leaf("source", "CityWatch video analytics, camera " + a.cameraId(), 1);
            x.leaf("scope", settings.restricted() ? "Restricted" : "Public", 1);
            if (settings.restricted()) {
                x.leaf("restriction", settings.restriction(), 1);
            }
            x.leaf("note", note(a), 1);
            if (!first) {
                x.leaf("references", settings.sender() + "," + a.id() + "," + time(a.raisedAt()), 1);
            }
            x.leaf("incidents", a.id(), 1);
            info(x, a, position, settings.webBase().orElse(requestBase));
            x.end(0);
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("CAP export of alert " + a.id() + " failed: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private void info(Indenting x, Alert a, Optional<Position> position, String base) throws XMLStreamException {
        x.start("info", 1);
        x.leaf("language", "en-US", 2);
        for (String c : CapVocabulary.categories(a.type())) {
            x.leaf("category", c, 2);
        }
        String event = CapVocabulary.event(a.type());
        x.leaf("event", event, 2);
        if (CapVocabulary.over(a) && CapVocabulary.msgType(a) != CapVocabulary.MsgType.Cancel) {
            x.leaf("responseType", "AllClear", 2);
        }
        x.leaf("urgency", CapVocabulary.urgency(a), 2);
        x.leaf("severity", CapVocabulary.severity(a.severity()), 2);
        x.leaf("certainty", CapVocabulary.certainty(a), 2);
        x.start("eventCode", 2);
        x.leaf("valueName", "CityWatch", 3);
        x.leaf("value", a.type().name(), 3);
        x.end(2);
        x.leaf("onset", time(a.startedAt()), 2);
        x.leaf("senderName", settings.senderName(), 2);
        String place = a.cameraName() + (a.district().isEmpty() ? "" : ", " + a.district());
        x.leaf("headline", headline(a, event, place), 2);
        x.leaf("description", a.message().isEmpty() ? event + " at " + place : a.message(), 2);
        settings.webBase().ifPresent(web -> leafUnchecked(x, "web", web + "/#alert=" + a.id(), 2));
        parameter(x, "cameraId", a.cameraId());
        if (!a.zoneId().isEmpty()) {
            parameter(x, "zone", a.zoneId());
        }
        parameter(x, "priority", a.severity().name());
        parameter(x, "state", a.state().name());
        parameter(x, "active", Boolean.toString(a.active()));
        parameter(x, "objectCount", Integer.toString(a.objectCount()));
        for (Map.Entry<String, Number> c : new TreeMap<>(a.counts()).entrySet()) {
            number(c.getValue()).ifPresent(v -> parameter(x, c.getKey(), v));
        }
        String evidence = base + "/api/alerts/" + a.id();
        if (a.evidence().snapshot()) {
            resource(x, "Snapshot (objects and zone drawn)", "image/jpeg", evidence + "/snapshot.jpg");
        }
        if (a.evidence().clip() == Evidence.ClipState.READY) {
            resource(x, "Video clip around the start", "video/mp4", evidence + "/clip.mp4");
        }
        x.start("area", 2);
        x.leaf("areaDesc", place + (a.zoneId().isEmpty() ? "" : " (zone " + a.zoneId() + ")"), 3);
        if (position.isPresent()) {
            Position p = position.get();
            x.leaf("circle", plain(p.latitude()) + "," + plain(p.longitude()) + " " + RADIUS_KM, 3);
        }
        x.end(2);
        x.end(1);
    }

    private static String headline(Alert a, String event, String place) {
        String h = switch (CapVocabulary.msgType(a)) {
            case Cancel -> "False alarm: " + event + " at " + place;
            default -> (CapVocabulary.over(a) ? "Over: " : "") + event + " at " + place;
        };
        // CAP 1.2: the headline "SHOULD be less than 160 characters" (it goes to SMS and sirens' displays).
        return h.length() < 160 ? h : h.substring(0, 158) + "…";
    }

    private static String note(Alert a) {
        StringBuilder n = new StringBuilder("CityWatch alert ").append(a.id()).append(", version ")
                .append(a.version()).append(", state ").append(a.state());
        if (!a.active()) {
            n.append(", ended ").append(a.endedAt());
        }
        if (!a.audit().isEmpty()) {
            AuditEntry last = a.audit().getLast();
            n.append("; ").append(last.to()).append(" by ").append(last.who());
            if (!last.unit().isEmpty()) {
                n.append(" (unit ").append(last.unit()).append(")");
            }
            if (!last.why().isEmpty()) {
                n.append(": ").append(last.why());
            }
        }
        return n.toString();
    }

    private static void parameter(Indenting x, String name, String value) {
        try {
            x.start("parameter", 2);
            x.leaf("valueName", name, 3);
            x.leaf("value", value, 3);
            x.end(2);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void resource(Indenting x, String desc, String mime, String uri) throws XMLStreamException {
        x.start("resource", 2);
        x.leaf("resourceDesc", desc, 3);
        x.leaf("mimeType", mime, 3);
        x.leaf("uri", uri, 3);
        x.end(2);
    }

    private static void leafUnchecked(Indenting x, String name, String text, int depth) {
        try {
            x.leaf(name, text, depth);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * CAP's date-time: local time with its offset, whole seconds ("2026-12-06T17:30:00+07:00"); no "Z": CAP 1.2
     * writes UTC as "-00:00".
     */
    String time(Instant t) {
        String s = CAP_TIME.format(t.atZone(settings.zone()));
        return s.endsWith("+00:00") ? s.substring(0, s.length() - 6) + "-00:00" : s;
    }

    private static Optional<String> number(Number n) {
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Optional.empty();
        }
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return Optional.of(Long.toString(n.longValue()));
        }
        return Optional.of(plain(d));
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** Text as XML 1.0 can carry it: characters it forbids (controls, lone surrogates, U+FFFE/F) become U+FFFD. */
    static String xmlSafe(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (!ok && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                if (ok) {
                    b.appendCodePoint(cp);
                } else {
                    b.append('\uFFFD');
                }
            }
            i += n;
        }
        return b == null ? s : b.toString();
    }

    /** Elements on their own lines, two spaces per level: readable, and whitespace the schema ignores. */
    private record Indenting(XMLStreamWriter w) {

        void start(String name, int depth) throws XMLStreamException {
            indent(depth);
            w.writeStartElement(NAMESPACE, name);
        }

        void end(int depth) throws XMLStreamException {
            indent(depth);
            w.writeEndElement();
        }

        void leaf(String name, String text, int depth) throws XMLStreamException {
            indent(depth);
            w.writeStartElement(NAMESPACE, name);
            w.writeCharacters(xmlSafe(text));
            w.writeEndElement();
        }

        private void indent(int depth) throws XMLStreamException {
            w.writeCharacters("\n" + "  ".repeat(depth));
        }
    }
}
