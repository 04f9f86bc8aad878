package io.thespis.examples.sources;

import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HiTest {
    private static ActorSystem member() {
        return ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1")
                .allowUnvalidatedSources(true).start();
    }

    @Test
    void theTranscriptShowsTheEditedSourceInTheNextRun(@TempDir Path work) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (ActorSystem member = member()) {
            Hi.transcript(member, work, new PrintStream(printed, true, StandardCharsets.UTF_8));
        }
        List<String> answers = printed.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> !line.startsWith("$ ")).toList();
        assertEquals(List.of("Hello, world!", "Hello, world!", "Hello, universe!"), answers);
    }

    @Test
    void runsAgainstARunningMemberPickUpTheEditBetweenThem(@TempDir Path work) throws Exception {
        try (ActorSystem member = member();
             ActorSystem client = ActorSystem.connect(member.status().adminAddress())) {
            assertEquals("Hello, world!", Hi.sayHello(client, work));
            Path source = work.resolve("hi/Hello.java");
            Files.writeString(source, Files.readString(source).replace("world", "universe"));
            assertEquals("Hello, universe!", Hi.sayHello(client, work));
        }
    }
}
