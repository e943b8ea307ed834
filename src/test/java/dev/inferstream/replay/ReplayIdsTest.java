package dev.inferstream.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplayIdsTest {

    private final ReplayIds ids = new ReplayIds("nov-backfill");

    @Test
    void aShortIdBecomesNameColonOriginal() {
        assertThat(ids.derive("req-17")).isEqualTo("nov-backfill:req-17");
    }

    @Test
    void theSameNameAndIdAlwaysGiveTheSameNewId() {
        String longId = "x".repeat(300);
        assertThat(ids.derive(longId)).isEqualTo(new ReplayIds("nov-backfill").derive(longId));
    }

    @Test
    void anIdThatWouldBeTooLongBecomesANameBasedUuidUnderTheName() {
        String derived = ids.derive("x".repeat(200));
        assertThat(derived).matches("nov-backfill:[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(derived).isNotEqualTo(ids.derive("x".repeat(201)));
        assertThat(derived.length()).isLessThanOrEqualTo(ReplayIds.MAX_READABLE_LENGTH);
    }

    @Test
    void differentNamesGiveDifferentIds() {
        assertThat(new ReplayIds("a").derive("req-1")).isNotEqualTo(new ReplayIds("b").derive("req-1"));
    }

    @Test
    void recognisesItsOwnEarlierOutputButNotAnotherReplays() {
        assertThat(ids.isOwnReplay("nov-backfill:req-1", "req-1")).isTrue();
        assertThat(ids.isOwnReplay("other:req-1", "req-1")).isFalse();
    }

    @Test
    void aNameWithAColonOrBlankIsRefused() {
        assertThatThrownBy(() -> new ReplayIds("a:b")).isInstanceOf(ReplayException.class).hasMessageContaining("--name");
        assertThatThrownBy(() -> new ReplayIds("")).isInstanceOf(ReplayException.class);
    }
}
