package io.thespis.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** examples/README.md renders as meant: whole tables, closed code fences, and only examples that exist. */
class ReadmeTest {
    private static final Path README = Path.of("README.md");
    private static final Pattern DELIMITER_ROW = Pattern.compile("\\|(\\s*:?-+:?\\s*\\|)+");

    @Test
    void everyTableIsOneBlockOfRowsAsWideAsItsHeaderAndEveryFenceCloses() throws IOException {
        List<String> lines = Files.readAllLines(README);
        boolean inFence = false;
        int columns = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = README + ":" + (i + 1) + ": ";
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
            } else if (!inFence && line.startsWith("|")) {
                if (columns == 0) {
                    assertTrue(i + 1 < lines.size() && DELIMITER_ROW.matcher(lines.get(i + 1)).matches(),
                            where + "a row outside any table (is a blank line splitting one?): " + line);
                    columns = cells(line);
                } else {
                    assertEquals(columns, cells(line), where + line);
                }
                continue;
            }
            columns = 0;
        }
        assertFalse(inFence, README + ": a code fence is not closed");
    }

    /** The commands table lists every program under src/main (a class with a main method), and nothing else. */
    @Test
    void theCommandsListEveryProgramAndOnlyPrograms() throws Exception {
        Matcher listed = Pattern.compile("^\\| `([a-z]+\\.[A-Z]\\w*)` \\| `mvn ", Pattern.MULTILINE)
                .matcher(Files.readString(README));
        Set<String> commands = new TreeSet<>();
        while (listed.find()) {
            commands.add(listed.group(1));
            Class.forName("io.thespis.examples." + listed.group(1)).getMethod("main", String[].class);
        }
        Path sources = Path.of("src/main/java/io/thespis/examples");
        Set<String> programs;
        try (Stream<Path> files = Files.walk(sources)) {
            programs = files.filter(file -> file.toString().endsWith(".java")).filter(ReadmeTest::hasMain)
                    .map(file -> sources.relativize(file).toString().replace(".java", "").replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(programs, commands);
    }

    private static boolean hasMain(Path file) {
        try {
            return Files.readString(file).contains("public static void main(String[] args)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cells of a table row; a {@code |} inside backticks is text. */
    private static int cells(String row) {
        String outsideCode = row.replaceAll("`[^`]*`", "code").strip();
        return outsideCode.substring(1, outsideCode.length() - (outsideCode.endsWith("|") ? 1 : 0)).split("\\|", -1)
                .length;
    }
}
