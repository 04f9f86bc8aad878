package io.thespis.reliability;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SequenceTallyTest {

    @Test
    void inOrderArrivalsAreOnlyReceived() {
        SequenceTally tally = new SequenceTally();
        for (long seq = 0; seq < 5; seq++) {
            tally.record(seq);
        }
        assertCounts(tally.counts(), 5, 0, 0, 4, new long[][]{{0, 4}});
    }

    @Test
    void aGapThatFillsLaterIsReorderedAndARepeatIsADuplicate() {
        SequenceTally tally = new SequenceTally();
        tally.record(0);
        tally.record(2);
        tally.record(1);
        tally.record(2);
        assertCounts(tally.counts(), 3, 1, 1, 2, new long[][]{{0, 2}});
    }

    @Test
    void aGapThatNeverFillsIsNeitherReorderedNorReceived() {
        SequenceTally tally = new SequenceTally();
        tally.record(0);
        tally.record(3);
        assertCounts(tally.counts(), 2, 0, 0, 3, new long[][]{{0, 0}, {3, 3}});
    }

    @Test
    void receivedAndDeadLetteredOverlapOnlyWhereBothHoldANumber() {
        SeqSet received = SeqSet.ofRanges(List.of(new long[]{0, 9}));
        SeqSet dead = SeqSet.ofRanges(List.of(new long[]{8, 14}));
        assertEquals(2, received.overlap(dead));
        assertEquals(15, received.union(dead).size());
        assertEquals(List.of(), toList(SeqSet.ofRanges(received.ranges()).minus(received).ranges()));
    }

    private static void assertCounts(SequenceTally.Counts counts, long received, long duplicates, long reordered,
                                     long maxSeq, long[][] ranges) {
        assertEquals(List.of(received, duplicates, reordered, maxSeq),
                List.of(counts.received(), counts.duplicates(), counts.reordered(), counts.maxSeq()));
        assertEquals(ranges.length, counts.seqs().size());
        for (int i = 0; i < ranges.length; i++) {
            assertArrayEquals(ranges[i], counts.seqs().get(i));
        }
    }

    private static List<String> toList(List<long[]> ranges) {
        return ranges.stream().map(range -> range[0] + "-" + range[1]).toList();
    }
}
