package io.thespis.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code RELIABILITY.md}: the machine, the command, and per scenario its timeline, its checks and every flow's
 * figures. Rewritten whole after every scenario, before that scenario's assertions, so that a failing or
 * interrupted run still leaves the figures it measured.
 */
final class ReliabilityReport {
    private final Path file;
    private final String header;
    private final List<Section> sections = new ArrayList<>();

    /**
     * One scenario's part of the report.
     *
     * @param title    the scenario's name
     * @param fault    what was done, exactly
     * @param timeline what happened when, from the scenario's start
     * @param checks   the properties as measured
     * @param flows    every flow's figures at the end
     */
    record Section(String title, String fault, List<String> timeline, List<Check> checks, List<FlowFigures> flows) {
    }

    ReliabilityReport(Path file, DetectionSettings detection) {
        this.file = file;
        this.header = header(file, detection);
    }

    /** Adds {@code section} and rewrites the file. */
    synchronized void add(Section section) {
        sections.add(section);
        write();
    }

    /** Records that scenario {@code title} could not be measured, and why, and rewrites the file. */
    synchronized void addError(String title, String fault, Throwable error) {
        add(new Section(title, fault, List.of(), List.of(new Check("the scenario ran to its measurements",
                "it failed: " + error.toString().replace('\n', ' '), "it runs", false)), List.of()));
    }

    private void write() {
        StringBuilder text = new StringBuilder(header);
        text.append("## Summary\n\n| scenario | properties met | properties failed |\n|---|---|---|\n");
        for (Section section : sections) {
            List<String> failed = section.checks().stream().filter(check -> !check.met()).map(Check::property).toList();
            text.append("| ").append(section.title()).append(" | ")
                    .append(section.checks().size() - failed.size()).append(" of ").append(section.checks().size())
                    .append(" | ").append(failed.isEmpty() ? "none" : cell(String.join("; ", failed))).append(" |\n");
        }
        for (Section section : sections) {
            text.append("\n## ").append(section.title()).append("\n\n").append(section.fault()).append("\n\n");
            section.timeline().forEach(event -> text.append("- ").append(event).append('\n'));
            text.append("\n| property | measured | required | met |\n|---|---|---|---|\n");
            for (Check check : section.checks()) {
                text.append("| ").append(cell(check.property())).append(" | ").append(cell(check.figure()))
                        .append(" | ").append(cell(check.required())).append(" | ").append(check.met() ? "yes" : "**NO**")
                        .append(" |\n");
            }
            if (!section.flows().isEmpty()) {
                text.append("\n| flow | sent | received | dead letters | received and also dead-lettered (in flight "
                                + "when the member was declared gone) | lost | duplicates | reordered | dead-letter "
                                + "reasons |\n")
                        .append("|---|---|---|---|---|---|---|---|---|\n");
                for (FlowFigures flow : section.flows()) {
                    text.append("| ").append(cell(flow.flow())).append(" | ").append(known(flow.sent())).append(" | ")
                            .append(known(flow.received())).append(" | ").append(flow.dead())
                            .append(flow.deadTwice() > 0 ? " (" + flow.deadTwice() + " of a message dead-lettered "
                                    + "before)" : "").append(" | ")
                            .append(known(flow.overlap())).append(" | ")
                            .append(flow.lostText()).append(" | ").append(known(flow.duplicates())).append(" | ")
                            .append(known(flow.reordered())).append(" | ").append(cell(flow.reasonsText()))
                            .append(" |\n");
                }
                Map<String, Long> reasons = new TreeMap<>();
                section.flows().forEach(flow -> flow.reasons().forEach((reason, count) -> reasons.merge(reason, count,
                        Long::sum)));
                text.append("\nDead letters by reason, over every flow: ");
                if (reasons.isEmpty()) {
                    text.append("none.\n");
                } else {
                    text.append("\n\n| reason | dead letters |\n|---|---|\n");
                    reasons.forEach((reason, count) -> text.append("| ").append(cell(reason)).append(" | ")
                            .append(count).append(" |\n"));
                }
            }
        }
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String known(Long count) {
        return count == null ? "unknown" : count.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace(">", "&gt;").replace("\n", " ");
    }

    private static String header(Path file, DetectionSettings detection) {
        String arguments = System.getenv("MAVEN_CMD_LINE_ARGS");
        String command = arguments == null ? "(not run from the mvn launcher; no command line known)"
                : "`mvn " + arguments.trim() + "`";
        Path root = Objects.requireNonNullElse(file.toAbsolutePath().getParent(), Path.of("."));
        String commit = Commands.run("git", "-C", root.toString(), "rev-parse", "--short", "HEAD").output();
        String dirty = Commands.run("git", "-C", root.toString(), "status", "--porcelain", "--untracked-files=no")
                .output().isEmpty() ? "" : " with uncommitted changes";
        return "# Reliability under network faults\n\n"
                + "Written by the fault-injection suite in `reliability/` (`ReliabilityTest`), run by " + command
                + " at commit " + commit + dirty + ", on "
                + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ".\n\n"
                + "- Machine: " + Commands.run("nproc").output() + " cores (`nproc`), kernel "
                + Commands.run("uname", "-r").output() + ", Java " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.name") + ").\n"
                + "- Convention: " + ScenarioRun.MEMBERS + " member processes (`m1` is the leader), each "
                + "`ip netns exec <its namespace> java -Xmx256m -XX:+UseSerialGC ... ProbeMember`, at "
                + "10.213.0.1-" + ScenarioRun.MEMBERS + ":" + MemberProcesses.PORT + " on " + Topology.SUBNET
                + ", each joined by a veth pair to a bridge in a namespace of its own; a blackhole route for the "
                + "subnet in the root namespace. A fresh network and fresh processes for every scenario. Every hop "
                + "is mutual TLS (the product's secure default), with certificates from a throwaway Convention CA.\n"
                + "- Failure detection: " + detection.describe() + ".\n"
                + "- Load: a steady flow of " + Load.STEADY_RATE + " numbered messages a second on each ordered "
                + "pair of members; after the heal, a fresh sink on every live member and a fresh flow of numbered "
                + "messages on every ordered pair.\n\n"
                + "How the figures are read. Every time is a member process's own, stamped with the machine's wall "
                + "clock, which every process shares. The members report three kinds of lines: `view` lines (their "
                + "`status().members()`, read every " + ViewReporter.SAMPLE_MS + " ms, written on change and every "
                + ViewReporter.PERIOD_MS + " ms), `event` lines (the product's own log records of membership, "
                + "stamped with the record's time, by a `java.util.logging` handler on the `io.thespis` loggers) and "
                + "`incarnation` lines (the member noticed that it is a new incarnation: the system part of a freshly "
                + "created actor's address changed, looked at when the product logs that the member was declared "
                + "gone, when the engine's running totals fall, and every second). Which signal each property uses:\n\n"
                + "- *Detection* of a killed, frozen or cut-off member (not the leader), and of the killed leader: from "
                + "the fault's start to the first view of each other member that no longer lists it.\n"
                + "- *The leader's loss* (each other member, and the cut-off member): from the fault's start to the "
                + "member's log record `lost the Convention Leader at …` (`LeaderLink`, WARNING). A member that loses "
                + "the leader keeps its directory as it is (it cannot know whether the others are gone), so views are "
                + "no signal of it.\n"
                + "- *Own isolation*: for the leader, its log record `the leader lost most members at once; "
                + "suspecting its own network …` (`ConventionLeader`, WARNING); for another member, its `lost the "
                + "Convention Leader` record, the product's signal that it is cut off (when it had lost its links to "
                + "every other member, `lost the link to …` of `PeerLink`, is shown, not required).\n"
                + "- *A link cut one way*: from the fault's start to each end's log record `lost the link to …` "
                + "(`PeerLink`, WARNING) naming the other end.\n"
                + "- *Whole and identical*: from the heal until every live member lists exactly the live members "
                + "(by address; a member that rejoined as a new incarnation keeps its address) and keeps doing so "
                + "to the end.\n"
                + "- *Every ordered pair exchanges messages again*: once the directories are whole (or 8 s after the "
                + "heal), a fresh sink on every live member and a fresh flow on every ordered pair; from the round's "
                + "start until the last message of the last flow arrived (the sink's own time), every flow whole, "
                + "once and in order. When a member becomes a new incarnation during a round, the round's flows to "
                + "and from its old incarnation legitimately stop (their messages count as received or "
                + "dead-lettered); the round is shown, and another one starts once the directories are whole again "
                + "(at most " + ScenarioRun.MAX_ROUNDS + " rounds); the last round decides.\n"
                + "- *Incarnations*: a member declared gone (frozen or cut off past the member timeout) stops its "
                + "actors and rejoins as a new incarnation in the same process; the timeline gives when it noticed "
                + "(its `incarnation` line), from the fault and from the heal, and when the leader welcomed it (its "
                + "`rejoined the Convention` record).\n\n"
                + "Per flow: *sent* by its source, *received* (distinct numbers) by its sink, *dead letters* handed "
                + "to the dead-letter handlers of the surviving members, *received and also dead-lettered*: numbers "
                + "both received and dead-lettered (a message written to a member just before it was declared gone "
                + "may have arrived, and is dead-lettered as of unknown delivery; allowed only on flows to a member "
                + "declared gone, for a reason that says \"gone\"), *lost* = sent − received − dead letters + "
                + "received-and-dead-lettered (the numbers neither received nor dead-lettered), *duplicates* "
                + "(received twice), *reordered* (arrived after a higher number), all counted at the end (flows "
                + "stopped, then counts unchanged for 0.5 s or 8 s passed). The counts are kept per process outside "
                + "the actors, so a member's quarantine (its actors stopped) loses none; a flow whose source or sink "
                + "lived on an incarnation declared gone stops with it, and its messages count as received or "
                + "dead-lettered, never as lost. A count kept by a process that was killed is *unknown*; for a flow "
                + "whose sink's process was killed, *lost* is at least (≥) what its source sent after the kill and "
                + "was not dead-lettered.\n\n";
    }
}
