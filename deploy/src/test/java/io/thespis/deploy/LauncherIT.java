package io.thespis.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
}
