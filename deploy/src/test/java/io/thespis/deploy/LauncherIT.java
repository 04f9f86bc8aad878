package io.thespis.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/thespis as an operator runs it, from the unpacked archive. */
class LauncherIT {
    private static final String LAUNCHER = Distribution.home().resolve("bin/thespis").toString();

    @Test
    void theLauncherHonoursJavaHomeAndJavaOpts() throws Exception {
        String javaHome = System.getProperty("java.home");
        Distribution.Result version = Distribution.run(List.of(LAUNCHER, "--version"),
                Map.of("JAVA_HOME", javaHome, "JAVA_OPTS", "-Xmx64m -XX:+PrintCommandLineFlags"));
        assertEquals(0, version.exitCode(), version.output());
        assertTrue(version.output().contains("thespis 0.1.0-SNAPSHOT"), version.output());
        assertTrue(version.output().contains("-XX:MaxHeapSize=67108864"), "JAVA_OPTS reached the JVM: " + version.output());
        Distribution.Result noJava = Distribution.run(List.of(LAUNCHER, "--version"), Map.of("JAVA_HOME", "/no/such/jdk"));
        assertNotEquals(0, noJava.exitCode());
        assertTrue(noJava.output().contains("/no/such/jdk/bin/java"), noJava.output());
    }

    @Test
    void theDemoRunsFromTheArchive() throws Exception {
        Distribution.Result demo = Distribution.run(List.of(LAUNCHER, "demo"), Map.of());
        assertEquals(0, demo.exitCode(), demo.output());
        assertTrue(demo.output().contains("-> placed on"), demo.output());
        assertEquals(3, demo.output().lines().filter(line -> line.contains("stopped, exit code 0")).count(), demo.output());
    }

    @Test
    void everyVariableOfTheShippedEnvFilesIsOneTheMemberKnows() throws Exception {
        String help = Distribution.run(List.of(LAUNCHER, "member", "--help"), Map.of()).output();
        Pattern variable = Pattern.compile("^#?\\s*(THESPIS_[A-Z_]+|JAVA_HOME|JAVA_OPTS)=", Pattern.MULTILINE);
        List<Path> envFiles;
        try (Stream<Path> files = Files.list(Distribution.home().resolve("systemd"))) {
            envFiles = files.filter(file -> file.toString().endsWith(".env")).sorted().toList();
        }
        assertEquals(3, envFiles.size(), envFiles.toString());
        for (Path file : envFiles) {
            Matcher matcher = variable.matcher(Files.readString(file));
            int found = 0;
            while (matcher.find()) {
                found++;
                String name = matcher.group(1);
                assertTrue(name.startsWith("JAVA_") || help.contains(name), file + ": " + name + " is not in member --help");
            }
            assertTrue(found >= 4, file.toString());
            assertTrue(Files.readString(file).contains("THESPIS_LEADER=10.0.0.1:1900"), file.toString());
        }
    }

    /** A Logback file whose lines start with {@code marker}. */
    private static Path logConfig(Path dir, String marker) throws IOException {
        return Files.writeString(dir.resolve(marker + ".xml"), """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%s: %%level %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="out"/></root>
                </configuration>
                """.formatted(marker));
    }

    /** What a member started with {@code options} and {@code environment} printed until it listened. */
    private static String startLog(Path dir, List<String> options, Map<String, String> environment) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER, "member", "--port", "0", "--state-dir",
                Files.createTempDirectory(dir, "state").toString()));
        command.addAll(options);
        try (Distribution.Running member = Distribution.start(command, environment)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !member.process().isAlive()
                    || member.output().contains("thespis member: listening on"));
            assertTrue(member.process().isAlive(), member.output());
            return member.output();
        }
    }

    @Test
    void theMemberLogsWithItsLogConfigElseTheOneInJavaOptsElseTheShippedOne(@TempDir Path dir) throws Exception {
        String javaOpts = "-Dlogback.configurationFile=" + logConfig(dir, "from-java-opts");
        String shipped = startLog(dir, List.of(), Map.of());
        assertTrue(shipped.lines().anyMatch(line -> line.matches(
                "\\d{4}-\\d\\d-\\d\\dT\\S+ INFO  \\S*NetworkActorSystem - system \\S+ listening on .*")), shipped);
        String fromJavaOpts = startLog(dir, List.of(), Map.of("JAVA_OPTS", javaOpts));
        assertTrue(fromJavaOpts.contains("from-java-opts: INFO system "), "bin/thespis lets JAVA_OPTS choose: "
                + fromJavaOpts);
        String fromFlag = startLog(dir, List.of("--log-config", logConfig(dir, "from-flag").toString()),
                Map.of("JAVA_OPTS", javaOpts));
        assertTrue(fromFlag.contains("from-flag: INFO system ") && !fromFlag.contains("from-java-opts"), fromFlag);
        String fromVariable = startLog(dir, List.of(), Map.of("JAVA_OPTS", javaOpts,
                "THESPIS_LOG_CONFIG", logConfig(dir, "from-variable").toString()));
        assertTrue(fromVariable.contains("from-variable: INFO system ") && !fromVariable.contains("from-java-opts"),
                fromVariable);
    }

    @Test
    void aLogConfigThatIsNotThereIsOneLineAndExitCodeTwo() throws Exception {
        Distribution.Result missing = Distribution.run(List.of(LAUNCHER, "member", "--log-config",
                "/no/such/logback.xml"), Map.of());
        assertEquals(2, missing.exitCode(), missing.output());
        assertEquals("thespis member: --log-config: cannot use /no/such/logback.xml: no such file (expected a Logback "
                + "configuration file, such as the distribution's conf/logback.xml)\n", missing.output());
    }
}
