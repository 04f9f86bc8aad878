package io.thespis.reliability;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SequenceTallyTest {

    @Test
    void inOrderArrivalsAreOnlyReceived() {
        SequenceTally tally = new SequenceTally();
        for (long seq = 0; seq < 5; seq++) {
            tally.record(seq);
        }
        assertEquals(new SequenceTally.Counts(5, 0, 0, 4), tally.counts());
    }

    @Test
    void aGapThatFillsLaterIsReorderedAndARepeatIsADuplicate() {
        SequenceTally tally = new SequenceTally();
        tally.record(0);
        tally.record(2);
        tally.record(1);
        tally.record(2);
        assertEquals(new SequenceTally.Counts(3, 1, 1, 2), tally.counts());
    }

    @Test
    void aGapThatNeverFillsIsNeitherReorderedNorReceived() {
        SequenceTally tally = new SequenceTally();
        tally.record(0);
        tally.record(3);
        assertEquals(new SequenceTally.Counts(2, 0, 0, 3), tally.counts());
    }
}
