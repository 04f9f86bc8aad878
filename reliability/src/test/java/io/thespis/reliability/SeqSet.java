package io.thespis.reliability;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A set of message numbers of one flow, written as ranges {@code [first, last]} (inclusive) so that the usual
 * case, a run of consecutive numbers with a gap or two, takes a few numbers on a {@code stats} line. Not
 * thread-safe: its owners lock around it.
 */
final class SeqSet {
    private final BitSet bits = new BitSet();

    /** Adds {@code seq}; whether it was there already. */
    boolean add(long seq) {
        int index = Math.toIntExact(seq);
        boolean present = bits.get(index);
        bits.set(index);
        return present;
    }

    /** How many numbers it holds. */
    long size() {
        return bits.cardinality();
    }

    /** The ranges {@code [first, last]}, ascending. */
    List<long[]> ranges() {
        List<long[]> ranges = new ArrayList<>();
        for (int first = bits.nextSetBit(0); first >= 0; ) {
            int end = bits.nextClearBit(first);
            ranges.add(new long[]{first, end - 1L});
            first = bits.nextSetBit(end);
        }
        return ranges;
    }

    /** The set {@code ranges} (as {@link #ranges()} gives them) stand for. */
    static SeqSet ofRanges(List<long[]> ranges) {
        SeqSet set = new SeqSet();
        ranges.forEach(range -> set.bits.set(Math.toIntExact(range[0]), Math.toIntExact(range[1]) + 1));
        return set;
    }

    /** How many numbers this and {@code other} both hold. */
    long overlap(SeqSet other) {
        BitSet both = (BitSet) bits.clone();
        both.and(other.bits);
        return both.cardinality();
    }

    /** A new set: this one and {@code other}. */
    SeqSet union(SeqSet other) {
        SeqSet union = new SeqSet();
        union.bits.or(bits);
        union.bits.or(other.bits);
        return union;
    }

    /** A new set: the numbers of this one that {@code other} lacks. */
    SeqSet minus(SeqSet other) {
        SeqSet rest = new SeqSet();
        rest.bits.or(bits);
        rest.bits.andNot(other.bits);
        return rest;
    }
}
