package io.thespis.deploy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The top-level {@code ./thespis} of a fresh clone: it builds when the sources' content changed since its last build,
 * and only then, and never under a running member. Maven is a stand-in ({@code MVN}) that counts its runs and lays out
 * a distribution whose {@code bin/thespis} echoes its arguments, so the decision is tested, not the build.
 */
class NewcomerScriptIT {
    private static final String BUILDING = "Building Thespis";

    @TempDir
    Path dir;
    private Path clone;
    private Path builds;
    private Map<String, String> environment;

    @BeforeEach
    void cloneACheckout() throws Exception {
        Path origin = Files.createDirectories(dir.resolve("origin"));
        Files.copy(Path.of(System.getProperty("thespis.script")), origin.resolve("thespis"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(origin.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(origin.resolve("common/src/main/java"));
        Files.writeString(origin.resolve("common/src/main/java/Hello.java"), "class Hello {}\n");
        Files.writeString(origin.resolve("README.md"), "# not a source\n");
        git(origin, "init", "-q");
        git(origin, "add", ".");
        git(origin, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "sources");
        clone = dir.resolve("clone");
        git(dir, "clone", "-q", origin.toString(), clone.toString());

        builds = dir.resolve("builds.log");
        Path mvn = Files.writeString(dir.resolve("mvn"), """
                #!/bin/sh
                echo "$*" >> '%s'
                mkdir -p deploy/target/thespis-1/thespis-1/bin
                printf '#!/bin/sh\\necho "distribution says: $*"\\n' > deploy/target/thespis-1/thespis-1/bin/thespis
                chmod +x deploy/target/thespis-1/thespis-1/bin/thespis
                """.formatted(builds));
        assertTrue(mvn.toFile().setExecutable(true));
        environment = Map.of("MVN", mvn.toString());
    }

    @Test
    void aFreshCloneBuildsOnceAndAgainOnlyWhenASourceChanges() throws Exception {
        String first = thespis("--help");
        assertTrue(first.contains(BUILDING), first);
        assertTrue(first.endsWith("distribution says: --help\n"), first);
        assertEquals(1, builds());

        String second = thespis("--help");
        assertEquals("distribution says: --help\n", second, "no rebuild");
        Path source = clone.resolve("common/src/main/java/Hello.java");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(3600)));
        Files.writeString(clone.resolve("README.md"), "# edited, still not a source\n");
        assertEquals("distribution says: status\n", thespis("status"), "timestamps and other files do not count");
        assertEquals(1, builds());

        Files.writeString(source, "class Hello { int edited; }\n");
        assertTrue(thespis("--help").contains(BUILDING));
        Files.writeString(clone.resolve("common/src/main/java/New.java"), "class New {}\n");
        assertTrue(thespis("--help").contains(BUILDING), "a new file, not yet in git, counts");
        Files.writeString(clone.resolve("common/pom.xml"), "<project/>\n");
        assertTrue(thespis("--help").contains(BUILDING), "a module's pom counts");
        assertEquals(4, builds());
        assertEquals("distribution says: --help\n", thespis("--help"));
    }

    @Test
    void itRunsTheBuildThereIsWhileAMemberRunsFromIt() throws Exception {
        thespis("--version");
        Files.writeString(clone.resolve("common/src/main/java/Hello.java"), "class Hello { int edited; }\n");
        Path distribution = clone.resolve("deploy/target/thespis-1/thespis-1").toRealPath();
        Process member = new ProcessBuilder("bash", "-c", "exec -a \"$0\" sleep 300",
                "java -cp " + distribution + "/lib/* io.thespis.internal.cli.Thespis member --port 1900").start();
        try {
            assertEquals("thespis: the sources changed since the last build, but 1 member(s) run from "
                    + "deploy/target/thespis-1/thespis-1; running that build as it is (stop them to rebuild)\n"
                    + "distribution says: status\n", thespis("status"));
            assertEquals(1, builds());
        } finally {
            member.destroy();
            member.waitFor();
        }
        assertTrue(thespis("status").contains(BUILDING), "once the member is gone");
        assertEquals(2, builds());
    }

    private String thespis(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(clone.resolve("thespis").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(clone.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Distribution.Result result = Distribution.run(builder);
        assertEquals(0, result.exitCode(), result.output());
        return result.output();
    }

    private int builds() throws IOException {
        return Files.exists(builds) ? Files.readAllLines(builds).size() : 0;
    }

    private static void git(Path directory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Distribution.Result result = Distribution.run(new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true));
        assertEquals(0, result.exitCode(), command + ": " + result.output());
    }
}
