package io.thespis.reliability;

import java.util.Set;

/**
 * A member's view of the Convention at one moment, as its {@code view} line gave it.
 *
 * @param at      when, in ms of the machine's wall clock
 * @param members the addresses ({@code host:port}) of every system it lists as live, itself included
 * @param leader  the leader it names; empty when it names none
 */
record View(long at, Set<String> members, String leader) {
    View {
        members = Set.copyOf(members);
    }
}
