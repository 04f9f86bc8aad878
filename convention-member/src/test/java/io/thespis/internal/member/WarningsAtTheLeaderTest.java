package io.thespis.internal.member;

import ch.qos.logback.classic.LoggerContext;
import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.RequireCapability;
import io.thespis.actor.SystemBase;
import io.thespis.internal.leader.ForwardedLogWriter;
import io.thespis.internal.member.logging.LeaderForwardingAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The introduction's "any messages of Warning level or higher are forwarded to the Convention Leader": what an actor
 * on a member logs at WARN reaches the leader's log once, naming the member and the actor, over mutual TLS; and what
 * it logs while the leader is away arrives when the leader is back.
 */
class WarningsAtTheLeaderTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final org.slf4j.Logger ROOT = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

    private final List<ActorSystem> systems = new ArrayList<>();
    private final List<String> leaderLog = new CopyOnWriteArrayList<>();
    private final java.util.logging.Logger forwarded = java.util.logging.Logger.getLogger(ForwardedLogWriter.LOGGER);
    private final LeaderForwardingAppender appender = new LeaderForwardingAppender();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            leaderLog.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Logs what it is told at WARN, and says so. */
    @RequireCapability("grumbles")
    static class Grumbler extends Actor {
        private static final Logger LOG = LoggerFactory.getLogger(Grumbler.class);

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof String text) {
                LOG.warn("grumble: {}", text);
                send(sender, "grumbled");
            }
        }
    }

    @BeforeEach
    void forwardAndCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender.setContext(context);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        forwarded.addHandler(capture);
    }

    @AfterEach
    void stop() {
        for (int i = systems.size() - 1; i >= 0; i--) {
            systems.get(i).shutdown();
        }
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        forwarded.removeHandler(capture);
    }

    private ActorSystem system(int port, String leader, boolean grumbles) {
        ActorSystem.Builder builder = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(port)
                .advertise("127.0.0.1").tls(TestCertificates.directory(), TestCertificates.MEMBERS)
                .messagePackages(getClass().getPackageName());
        if (leader != null) {
            builder.conventionLeader(leader);
        }
        if (grumbles) {
            builder.capability("grumbles", true);
        }
        ActorSystem system = builder.start();
        systems.add(system);
        return system;
    }

    private long linesAtTheLeader(String text) {
        return leaderLog.stream().filter(line -> line.contains(text)).count();
    }

    @Test
    void aWarningOfAnActorOnAMemberReachesTheLeadersLogOnceNamingTheMemberAndTheActor() {
        ActorSystem leader = system(0, null, false);
        ActorSystem member = system(0, leader.status().adminAddress(), true);
        await().atMost(WAIT).until(() -> leader.status().members().size() == 2);
        ActorAddress grumbler = leader.createActor(Grumbler.class);
        assertEquals("grumbled", leader.ask(grumbler, "about the weather", WAIT));

        String expected = "from " + member.status().adminAddress() + " [" + grumbler + "] at ";
        await().atMost(WAIT).until(() -> linesAtTheLeader(Grumbler.class.getName() + " - grumble: about the weather")
                > 0);
        List<String> lines = leaderLog.stream().filter(line -> line.contains("grumble: about the weather")).toList();
        assertEquals(1, lines.size(), "once: " + lines);
        assertTrue(lines.get(0).startsWith(expected), lines.get(0));
        assertTrue(member.status().counters().get("warningsForwarded") >= 1);
        ROOT.warn("a line of the test itself, not about an actor");
        await().atMost(WAIT).until(() -> linesAtTheLeader("a line of the test itself") == 1);
    }

    @Test
    void whatAMemberLogsWhileTheLeaderIsAwayReachesItWhenItIsBack() throws IOException {
        int leaderPort;
        try (ServerSocket free = new ServerSocket(0)) {
            leaderPort = free.getLocalPort();
        }
        ActorSystem member = system(0, "127.0.0.1:" + leaderPort, true);
        ActorAddress grumbler = member.createActor(Grumbler.class);
        assertEquals("grumbled", member.ask(grumbler, "while the leader is away", WAIT));
        assertEquals(0, linesAtTheLeader("while the leader is away"));

        system(leaderPort, null, false);
        await().atMost(WAIT).until(() -> linesAtTheLeader("grumble: while the leader is away") == 1);
    }
}
