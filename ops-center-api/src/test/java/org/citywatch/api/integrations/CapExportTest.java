package org.citywatch.api.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertIds;
import org.citywatch.analytics.alert.AlertObject;
import org.citywatch.analytics.alert.AlertState;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.AuditEntry;
import org.citywatch.analytics.alert.Evidence;
import org.citywatch.analytics.alert.Severity;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The CAP 1.2 export: every alert type in every state is valid against the constraints of CAP 1.2
 * ({@link CapSchema}), maps as {@link CapVocabulary} says, and carries any text safely.
 */
class CapExportTest {

    private static final Instant T0 = Instant.parse("2026-12-06T09:30:15.678Z");
    private static final CapExport.Position BEN_THANH = new CapExport.Position(10.7721, 106.6983);
    private static final CapSettings SAIGON = new CapSettings("citywatch@ops.hcmc.example", "HCMC operations centre",
            false, null, Optional.of("https://citywatch.hcmc.example/"), ZoneId.of("Asia/Ho_Chi_Minh"));

    private static Alert raised(AlertType type, Severity severity, String cameraName, String message) {
        return Alert.raised(AlertIds.next(T0.toEpochMilli()), "cam-001", cameraName, "District 1", type, severity,
                "plaza", message, T0.minusSeconds(12), T0,
                List.of(new AlertObject(7, "person", 0.91f, 10, 20, 60, 180)),
                Map.of("persons", 14, "medianSpeedKmh", 3.5), 640, 360);
    }

    private static AuditEntry step(Alert a, AlertState to, String why, String unit) {
        return new AuditEntry(a.updatedAt().plusSeconds(30), "op-lan", a.state(), to, why, unit, "");
    }

    /** One alert through its life: the versions a receiver could be handed. */
    private static List<Alert> lifeOf(AlertType type, Severity severity) {
        List<Alert> versions = new ArrayList<>();
        Alert a = raised(type, severity, "Ben Thanh", "14 persons in plaza for 12 s");
        versions.add(a);
        a = a.updated(T0.plusSeconds(5), "18 persons in plaza for 17 s", a.objects(), Map.of("persons", 18));
        versions.add(a);
        a = a.withEvidence(new Evidence(true, Evidence.ClipState.READY, ""), T0.plusSeconds(20));
        versions.add(a);
        a = a.transitioned(step(a, AlertState.ACKNOWLEDGED, "", ""));
        versions.add(a);
        a = a.transitioned(step(a, AlertState.DISPATCHED, "crowd control", "Unit 7"));
        versions.add(a);
        a = a.ended(T0.plusSeconds(300));
        versions.add(a);
        versions.add(a.transitioned(step(a, AlertState.RESOLVED, "dispersed", "")));
        versions.add(a.transitioned(step(a, AlertState.FALSE_ALARM, "a queue for a bus", "")));
        return versions;
    }

    @Test
    void everyTypeInEveryStateIsValidCap() throws Exception {
        CapExport cap = new CapExport(SAIGON);
        CapExport restricted = new CapExport(new CapSettings("citywatch@ops", null, true, null, Optional.empty(),
                ZoneOffset.UTC));
        int checked = 0;
        for (AlertType type : AlertType.values()) {
            for (Severity severity : Severity.values()) {
                for (Alert a : lifeOf(type, severity)) {
                    for (CapExport export : List.of(cap, restricted)) {
                        for (Optional<CapExport.Position> where : List.of(Optional.of(BEN_THANH),
                                Optional.<CapExport.Position>empty())) {
                            String xml = export.toXml(a, where, "http://10.0.0.9:8080");
                            CapSchema.validate(xml);
                            crossFieldRules(export.settings(), a, CapSchema.parse(xml));
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(AlertType.values().length * 4 * 8 * 4);
    }

    /** What the schema cannot say: rules between elements, from CAP 1.2's data dictionary. */
    private static void crossFieldRules(CapSettings s, Alert a, Document d) {
        String msgType = CapSchema.text(d, "msgType");
        assertThat(CapSchema.text(d, "restriction") != null).as("restriction iff scope Restricted")
                .isEqualTo("Restricted".equals(CapSchema.text(d, "scope")));
        if (msgType.equals("Alert")) {
            assertThat(CapSchema.text(d, "references")).isNull();
            assertThat(CapSchema.text(d, "identifier")).isEqualTo(a.id());
        } else {
            // Update and Cancel name the message they update: sender,identifier,sent of the first one.
            assertThat(CapSchema.text(d, "references")).isEqualTo(s.sender() + "," + a.id() + ","
                    + new CapExport(s).time(a.raisedAt()));
            assertThat(CapSchema.text(d, "identifier")).isEqualTo(a.id() + "." + a.version());
        }
        assertThat(CapSchema.text(d, "incidents")).isEqualTo(a.id());
        assertThat(CapSchema.text(d, "headline").length()).isLessThan(160);
        String circle = CapSchema.text(d, "circle");
        if (circle != null) {
            String[] p = circle.split("[, ]");
            assertThat(Double.parseDouble(p[0])).isBetween(-90.0, 90.0);
            assertThat(Double.parseDouble(p[1])).isBetween(-180.0, 180.0);
        }
        for (String uri : CapSchema.texts(d, "uri")) {
            assertThat(uri).as("absolute").matches("https?://.+");
        }
    }

    @Test
    void theMappingOfAnAlertsLife() throws Exception {
        CapExport cap = new CapExport(SAIGON);
        List<Alert> life = lifeOf(AlertType.CROWD, Severity.P2);
        record Row(String msgType, String urgency, String certainty, String responseType) {
        }
        List<Row> rows = new ArrayList<>();
        for (Alert a : life) {
            Document d = CapSchema.parse(cap.toXml(a, Optional.of(BEN_THANH), "http://unused"));
            assertThat(CapSchema.text(d, "severity")).isEqualTo("Moderate");
            assertThat(CapSchema.texts(d, "category")).containsExactly("Safety");
            rows.add(new Row(CapSchema.text(d, "msgType"), CapSchema.text(d, "urgency"),
                    CapSchema.text(d, "certainty"), CapSchema.text(d, "responseType")));
        }
        assertThat(rows).containsExactly(
                new Row("Alert", "Immediate", "Likely", null),          // raised: a machine saw it
                new Row("Update", "Immediate", "Likely", null),         // new figures
                new Row("Update", "Immediate", "Likely", null),         // evidence stored
                new Row("Update", "Immediate", "Observed", null),       // an operator acknowledged it
                new Row("Update", "Immediate", "Observed", null),       // dispatched
                new Row("Update", "Past", "Observed", "AllClear"),      // the condition ended
                new Row("Update", "Past", "Observed", "AllClear"),      // resolved
                new Row("Cancel", "Past", "Unlikely", null));           // a false alarm withdraws it

        Document first = CapSchema.parse(cap.toXml(life.get(0), Optional.of(BEN_THANH), "http://unused"));
        // 09:30:15.678Z in Saigon (+07:00), whole seconds.
        assertThat(CapSchema.text(first, "sent")).isEqualTo("2026-12-06T16:30:15+07:00");
        assertThat(CapSchema.text(first, "onset")).isEqualTo("2026-12-06T16:30:03+07:00");
        assertThat(CapSchema.text(first, "sender")).isEqualTo("citywatch@ops.hcmc.example");
        assertThat(CapSchema.text(first, "status")).isEqualTo("Actual");
        assertThat(CapSchema.text(first, "scope")).isEqualTo("Public");
        assertThat(CapSchema.text(first, "event")).isEqualTo("Crowd");
        assertThat(CapSchema.text(first, "headline")).isEqualTo("Crowd at Ben Thanh, District 1");
        assertThat(CapSchema.text(first, "description")).isEqualTo("14 persons in plaza for 12 s");
        assertThat(CapSchema.text(first, "web")).isEqualTo("https://citywatch.hcmc.example/#alert=" + life.get(0).id());
        assertThat(CapSchema.text(first, "areaDesc")).isEqualTo("Ben Thanh, District 1 (zone plaza)");
        assertThat(CapSchema.text(first, "circle")).isEqualTo("10.7721,106.6983 0.1");
        assertThat(CapSchema.texts(first, "valueName")).containsExactly("CityWatch", "cameraId", "zone", "priority",
                "state", "active", "objectCount", "medianSpeedKmh", "persons");
        assertThat(CapSchema.texts(first, "value")).containsExactly("CROWD", "cam-001", "plaza", "P2", "NEW", "true",
                "1", "3.5", "14");
        assertThat(CapSchema.text(first, "resource")).isNull();

        Document withEvidence = CapSchema.parse(cap.toXml(life.get(2), Optional.empty(), "http://unused"));
        String id = life.get(2).id();
        assertThat(CapSchema.texts(withEvidence, "mimeType")).containsExactly("image/jpeg", "video/mp4");
        assertThat(CapSchema.texts(withEvidence, "uri")).containsExactly(
                "https://citywatch.hcmc.example/api/alerts/" + id + "/snapshot.jpg",
                "https://citywatch.hcmc.example/api/alerts/" + id + "/clip.mp4");
        assertThat(CapSchema.text(withEvidence, "circle")).as("camera unknown: no circle").isNull();

        Document cancel = CapSchema.parse(cap.toXml(life.get(7), Optional.empty(), "http://unused"));
        assertThat(CapSchema.text(cancel, "headline")).startsWith("False alarm: Crowd at Ben Thanh");
        assertThat(CapSchema.text(cancel, "note")).contains("FALSE_ALARM by op-lan: a queue for a bus");
    }

    @Test
    void categoriesAndPrioritiesByType() throws Exception {
        CapExport cap = new CapExport(SAIGON);
        Map<AlertType, List<String>> expected = Map.of(
                AlertType.CONGESTION, List.of("Transport"), AlertType.STOPPED_VEHICLE, List.of("Transport"),
                AlertType.WRONG_WAY, List.of("Transport"), AlertType.CROWD, List.of("Safety"),
                AlertType.INTRUSION, List.of("Security"), AlertType.LOITERING, List.of("Security"),
                AlertType.CAMERA_TAMPER, List.of("Infra", "Security"), AlertType.CAMERA_OFFLINE, List.of("Infra"));
        for (AlertType t : AlertType.values()) {
            Document d = CapSchema.parse(cap.toXml(raised(t, Severity.P1, "X", "m"), Optional.empty(), "http://h"));
            assertThat(CapSchema.texts(d, "category")).as(t.name()).isEqualTo(expected.get(t));
            assertThat(CapSchema.text(d, "certainty")).as(t.name())
                    .isEqualTo(t == AlertType.CAMERA_OFFLINE ? "Observed" : "Likely");
        }
        Map<Severity, String[]> bySeverity = Map.of(Severity.P1, new String[] {"Immediate", "Severe"},
                Severity.P2, new String[] {"Immediate", "Moderate"}, Severity.P3, new String[] {"Expected", "Minor"},
                Severity.P4, new String[] {"Future", "Minor"});
        for (Severity s : Severity.values()) {
            Document d = CapSchema.parse(cap.toXml(raised(AlertType.CROWD, s, "X", "m"), Optional.empty(), "http://h"));
            assertThat(new String[] {CapSchema.text(d, "urgency"), CapSchema.text(d, "severity")}).as(s.name())
                    .isEqualTo(bySeverity.get(s));
        }
    }

    @Test
    void utcIsWrittenAsMinusZeroAndEvidenceUsesTheRequestsAddressWithoutWebBase() throws Exception {
        CapExport cap = new CapExport(new CapSettings("cw@x", null, false, null, Optional.empty(), ZoneOffset.UTC));
        Alert a = raised(AlertType.INTRUSION, Severity.P1, "Gate", "person in yard")
                .withEvidence(new Evidence(true, Evidence.ClipState.RECORDING, ""), T0.plusSeconds(1));
        String xml = cap.toXml(a, Optional.empty(), "http://127.0.0.1:8080");
        CapSchema.validate(xml);
        Document d = CapSchema.parse(xml);
        assertThat(CapSchema.text(d, "sent")).isEqualTo("2026-12-06T09:30:16-00:00");
        assertThat(CapSchema.text(d, "web")).isNull();
        assertThat(CapSchema.texts(d, "uri")).containsExactly("http://127.0.0.1:8080/api/alerts/" + a.id()
                + "/snapshot.jpg");
    }

    @Test
    void anyTextIsEscapedAndCharactersXmlCannotCarryAreReplaced() throws Exception {
        String name = "Chợ <Bến> Thành & \"Square\" 'North' ]]> 😀";
        String message = "5 persons <script>alert(1)</script> & more\u0007 bell, lone \uD800 surrogate";
        Alert a = raised(AlertType.LOITERING, Severity.P3, name, message);
        String xml = new CapExport(SAIGON).toXml(a, Optional.of(BEN_THANH), "http://h");
        assertThat(xml).doesNotContain("<script>").doesNotContain("<Bến>").contains("&lt;script&gt;");
        CapSchema.validate(xml);
        Document d = CapSchema.parse(xml);
        assertThat(CapSchema.text(d, "description"))
                .isEqualTo("5 persons <script>alert(1)</script> & more\uFFFD bell, lone \uFFFD surrogate");
        assertThat(CapSchema.text(d, "areaDesc")).isEqualTo(name + ", District 1 (zone plaza)");
        assertThat(CapSchema.text(d, "headline")).isEqualTo("Loitering at " + name + ", District 1");
    }

    @Test
    void theConstraintsRejectWhatCapForbids() throws Exception {
        // The schema must bite: documents that break CAP 1.2 in the ways an exporter could are refused.
        String good = new CapExport(SAIGON).toXml(raised(AlertType.CROWD, Severity.P2, "X", "m"),
                Optional.of(BEN_THANH), "http://h");
        assertThat(CapSchema.valid(good)).isTrue();
        String sent = CapSchema.text(CapSchema.parse(good), "sent");
        assertThat(CapSchema.valid(good.replace(sent, "2026-12-06T09:30:15Z"))).as("Z").isFalse();
        assertThat(CapSchema.valid(good.replace(sent, "2026-12-06T16:30:15.678+07:00"))).as("fraction").isFalse();
        assertThat(CapSchema.valid(good.replace("<status>Actual</status>", "<status>Real</status>"))).isFalse();
        assertThat(CapSchema.valid(good.replace("<urgency>Immediate</urgency>", "<urgency>Now</urgency>"))).isFalse();
        assertThat(CapSchema.valid(good.replace("<category>Safety</category>", "<category>Crowd</category>")))
                .isFalse();
        assertThat(CapSchema.valid(good.replace("10.7721,106.6983 0.1", "10.7721 106.6983"))).as("circle").isFalse();
        assertThat(CapSchema.valid(good.replace("citywatch@ops.hcmc.example", "city watch"))).as("sender").isFalse();
        assertThat(CapSchema.valid(good.replace("xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"",
                "xmlns=\"urn:oasis:names:tc:emergency:cap:1.1\""))).as("namespace").isFalse();
        String noEvent = good.replaceAll("\\s*<event>[^<]*</event>", "");
        assertThat(CapSchema.valid(noEvent)).as("info without event").isFalse();
        String reordered = good.replaceFirst("(\\s*<urgency>[^<]*</urgency>)(\\s*<severity>[^<]*</severity>)",
                "$2$1");
        assertThat(reordered).isNotEqualTo(good);
        assertThat(CapSchema.valid(reordered)).as("severity before urgency").isFalse();
    }
}
