package org.citywatch.analytics.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class AlertWorkflowTest {

    private final InMemoryAlertStore store = new InMemoryAlertStore();
    private final Instant now = Instant.parse("2026-11-22T10:00:00Z");
    private final AlertWorkflow workflow = new AlertWorkflow(store, Clock.fixed(now, ZoneOffset.UTC));

    private Alert raised() {
        Alert a = AlertFixtures.alert("cam-1", now.toEpochMilli() - 60_000);
        store.publish(AlertEvent.of(AlertEvent.Kind.RAISED, a, a.raisedAt()));
        return a;
    }

    @Test
    void newToAcknowledgedToDispatchedToResolvedWithTheWholeTrail() {
        Alert a = raised();
        workflow.act(a.id(), AlertState.ACKNOWLEDGED, "op-1", "seen on the wall", "", "");
        workflow.act(a.id(), AlertState.DISPATCHED, "disp-2", "", "patrol 114", "two officers");
        Alert done = workflow.act(a.id(), AlertState.RESOLVED, "disp-2", "crowd dispersed", "", "");
        assertThat(done.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(done.version()).isEqualTo(4);
        assertThat(done.audit()).extracting(AuditEntry::who, AuditEntry::from, AuditEntry::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("op-1", AlertState.NEW, AlertState.ACKNOWLEDGED),
                        org.assertj.core.groups.Tuple.tuple("disp-2", AlertState.ACKNOWLEDGED, AlertState.DISPATCHED),
                        org.assertj.core.groups.Tuple.tuple("disp-2", AlertState.DISPATCHED, AlertState.RESOLVED));
        assertThat(done.audit().get(1).unit()).isEqualTo("patrol 114");
        assertThat(done.audit().get(1).note()).isEqualTo("two officers");
        assertThat(done.audit().get(2).why()).isEqualTo("crowd dispersed");
        assertThat(done.audit()).allSatisfy(e -> assertThat(e.at()).isEqualTo(now));
        assertThat(store.get(a.id())).contains(done);
    }

    @Test
    void stepsTheWorkflowDoesNotAllowAreRefusedAndChangeNothing() {
        Alert a = raised();
        workflow.act(a.id(), AlertState.FALSE_ALARM, "op-1", "a poster", "", "");
        assertThatThrownBy(() -> workflow.act(a.id(), AlertState.ACKNOWLEDGED, "op-1", "", "", ""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FALSE_ALARM")
                .hasMessageContaining("closed");
        assertThat(store.get(a.id()).orElseThrow().version()).isEqualTo(2);

        Alert b = raised();
        assertThatThrownBy(() -> workflow.act(b.id(), AlertState.DISPATCHED, "disp-1", "", " ", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unit");
        assertThatThrownBy(() -> workflow.act(b.id(), AlertState.ACKNOWLEDGED, "", "", "", ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> workflow.act("01JZZZZZZZZZZZZZZZZZZZZZZZ", AlertState.ACKNOWLEDGED, "op", "", "", ""))
                .isInstanceOf(NoSuchElementException.class);
        assertThat(store.get(b.id()).orElseThrow().version()).isEqualTo(1);
    }
}
