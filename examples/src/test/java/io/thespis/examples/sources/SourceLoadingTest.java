package io.thespis.examples.sources;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceLoadingTest {
    @Test
    void twoSignedVersionsRunSideBySideAndV1IsUnloaded(@TempDir Path work) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SourceLoading.run(work, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("$ jarsigner -keystore"), out);
        assertTrue(out.matches("(?s).*v1 on \\S+ says: Hello, world!.*"), out);
        assertTrue(out.matches("(?s).*v2 on \\S+ says: Hello, universe!.*"), out);
        assertTrue(out.contains("was unloaded"), out);
        assertTrue(out.contains("the v1 actor created before still says: Hello, world!"), out);
        assertTrue(out.contains("loading an unsigned jar: source ") && out.contains("is not signed"), out);
    }
}
