package io.thespis.internal.member;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What an application that embeds the networked library carries: no command line, no shell, no demo actors, and
 * none of their libraries. This module's test class path is what such an application gets from it.
 */
class LibraryFootprintTest {
    @Test
    void theLibraryCarriesNeitherTheCommandLineNorItsLibraries() {
        for (String absent : new String[] {"io.thespis.internal.cli.Thespis", "io.thespis.internal.cli.DemoActors",
                "io.thespis.internal.cli.TestActor", "picocli.CommandLine", "org.jline.reader.LineReader"}) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(absent), absent);
        }
    }
}
