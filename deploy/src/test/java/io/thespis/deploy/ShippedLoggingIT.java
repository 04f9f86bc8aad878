package io.thespis.deploy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The archive's conf/logback.xml, as the daemon logs with it: what it shows and what it leaves out. */
class ShippedLoggingIT {
    private static final String ADDRESS = "ActorAddr-(10.0.0.2:1900/7#42)";

    @Test
    void linesAboutAnActorShowItsAddressAndApplicationsLogAtInfoButGrpcAndNettyOnlyAtWarn() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(Distribution.home().resolve("conf/logback.xml").toFile());
            MDC.put("actorAddress", ADDRESS);
            context.getLogger("com.example.app.Hello").info("Hello actor got: are you there?");
            context.getLogger("io.thespis.internal.engine.ActorCell").warn("Hello failed; restarting it",
                    new IllegalStateException("boom"));
            MDC.remove("actorAddress");
            context.getLogger("com.example.app.Hello").info("not in an actor");
            context.getLogger("io.grpc.internal.ManagedChannelImpl").info("gRPC chatter");
            context.getLogger("io.grpc.netty.shaded.io.netty.util.internal.PlatformDependent").info("Netty chatter");
            context.getLogger("io.netty.channel.DefaultChannelPipeline").info("Netty chatter");
            context.getLogger("io.grpc.internal.ManagedChannelImpl").warn("gRPC trouble");
        } finally {
            context.stop();
            System.setErr(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        String pattern = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S+ ";
        assertTrue(lines.get(0).matches(pattern + "INFO  \\S*Hello \\[\\Q" + ADDRESS
                + "\\E] - Hello actor got: are you there\\?"), lines.get(0));
        assertTrue(lines.get(1).matches(pattern + "WARN  \\S+\\.ActorCell \\[\\Q" + ADDRESS
                + "\\E] - Hello failed; restarting it"), lines.get(1));
        assertEquals("java.lang.IllegalStateException: boom", lines.get(2));
        List<String> rest = lines.stream().filter(line -> !line.startsWith("\tat ")).skip(3).toList();
        assertEquals(2, rest.size(), String.join("\n", lines));
        assertTrue(rest.get(0).matches(pattern + "INFO  \\S*Hello - not in an actor"), rest.get(0));
        assertTrue(rest.get(1).matches(pattern + "WARN  \\S+ - gRPC trouble"), rest.get(1));
    }
}
