package io.meterflow.connect.dlms.security;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class InvocationCounterStateTest {

    @Test
    void aFreshMeterStartsAboveItsCounterObjectAndTheNextAssociationAboveTheLastCounterUsed() {
        final InvocationCounterState state = new InvocationCounterState(OptionalLong.empty(), 10_000);
        assertThat(state.needsSync()).isTrue();
        assertThat(state.nextStart(OptionalLong.of(41))).isEqualTo(42);
        assertThat(state.needsSync()).isFalse();
        state.used(42);
        state.used(45);
        state.associated();
        assertThat(state.highestUsed()).isEqualTo(45);
        assertThat(state.nextStart(OptionalLong.empty())).isEqualTo(46);
    }

    @Test
    void withoutACounterObjectATaskStartsOneJumpAboveThePersistedCounter() {
        final InvocationCounterState state = new InvocationCounterState(OptionalLong.of(500), 10_000);
        assertThat(state.nextStart(OptionalLong.empty())).isEqualTo(10_501);
        assertThat(state.highestUsed()).as("the jump is applied by each starting task, not persisted").isEqualTo(500);
    }

    @Test
    void aCounterObjectBelowThePersistedCounterNeverMovesTheCounterBack() {
        final InvocationCounterState state = new InvocationCounterState(OptionalLong.of(500), 10_000);
        assertThat(state.nextStart(OptionalLong.of(7))).as("a meter read needs no jump").isEqualTo(501);
        assertThat(state.nextStart(OptionalLong.of(20_000))).isEqualTo(20_001);
    }

    @Test
    void aRejectionStartsAboveTheCounterTheMeterExpects() {
        final InvocationCounterState state = new InvocationCounterState(OptionalLong.empty(), 10);
        state.used(3);
        assertThat(state.rejected(OptionalLong.of(900), false)).isTrue();
        assertThat(state.needsSync()).isTrue();
        assertThat(state.nextStart(OptionalLong.empty())).isEqualTo(900);
    }

    @Test
    void withoutCounterObjectOrExpectedCounterTheCounterJumpsOnceUntilAnAssociationSucceeds() {
        final InvocationCounterState state = new InvocationCounterState(OptionalLong.empty(), 10);
        state.used(3);
        assertThat(state.rejected(OptionalLong.empty(), false)).isTrue();
        assertThat(state.nextStart(OptionalLong.empty())).isEqualTo(14);
        state.used(14);
        assertThat(state.rejected(OptionalLong.empty(), false)).as("a meter with wrong keys: no second jump").isFalse();
        state.associated();
        assertThat(state.rejected(OptionalLong.empty(), false)).isTrue();
    }

    @Test
    void theCounterNeverGoesBeyondUnsigned32() {
        final InvocationCounterState state = new InvocationCounterState(OptionalLong.empty(), 10);
        assertThat(state.nextStart(OptionalLong.of(InvocationCounterState.MAX))).isEqualTo(InvocationCounterState.MAX);
    }
}
