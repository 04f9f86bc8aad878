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
import java.util.Objects;

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
                text.append("\n| flow | sent | received | dead letters | lost | duplicates | reordered | dead-letter reasons |\n")
                        .append("|---|---|---|---|---|---|---|---|\n");
                for (FlowFigures flow : section.flows()) {
                    text.append("| ").append(cell(flow.flow())).append(" | ").append(known(flow.sent())).append(" | ")
                            .append(known(flow.received())).append(" | ").append(flow.dead()).append(" | ")
                            .append(flow.lostText()).append(" | ").append(known(flow.duplicates())).append(" | ")
                            .append(known(flow.reordered())).append(" | ").append(cell(flow.reasons())).append(" |\n");
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
                + "subnet in the root namespace. A fresh network and fresh processes for every scenario.\n"
                + "- Failure detection: " + detection.describe() + ".\n"
                + "- Load: a steady flow of " + Load.STEADY_RATE + " numbered messages a second on each ordered "
                + "pair of members; after the heal, bursts of numbered messages to a sink created then on the "
                + "faulty member, and from it to every other member.\n\n"
                + "How the figures are read. Times come from the member processes' own `view` lines (their "
                + "`status().members()`, read every " + ViewReporter.SAMPLE_MS + " ms, written on change and every "
                + ViewReporter.PERIOD_MS + " ms, stamped with the "
                + "machine's wall clock, which every process shares). *Detection*: from the fault's start to the "
                + "first view of a member that no longer lists the faulty one (for the leader: the leader's loss). "
                + "*Own isolation*: until the cut-off member lists only itself. *Whole and identical*: from the heal "
                + "until every live member lists exactly the live members and keeps doing so to the end. Per flow: "
                + "*sent* by its source, *received* (distinct numbers) by its sink, *dead letters* handed to the "
                + "dead-letter handlers of the surviving members, *lost* = sent - received - dead letters, counted "
                + "at the end (flows stopped, then counts unchanged for 0.5 s or 8 s passed), *duplicates*, "
                + "*reordered* (arrived after a higher number). A count kept by a process that was killed is "
                + "*unknown*; for a flow whose sink's process was killed, *lost* is at least (≥) what its source "
                + "sent after the kill and was not dead-lettered. Dead-letter reasons are `n/a` while `DeadEnvelope` has no `reason`.\n\n";
    }
}
