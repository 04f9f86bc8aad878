package io.thespis.examples.capabilities;

import io.thespis.actor.SystemBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapabilitiesExamplesTest {
    /** What an example printed, line by line. */
    private interface Example {
        void run(PrintStream out) throws Exception;
    }

    private static List<String> lines(Example example) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        example.run(new PrintStream(printed, true, StandardCharsets.UTF_8));
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static String group(String line, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(line);
        assertTrue(matcher.find(), line + " should match " + regex);
        return matcher.group(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"SEQUENTIAL", "CONCURRENT"})
    void dbUpdateRunsOnlyWithDatabaseAccess(SystemBase base) throws Exception {
        List<String> out = lines(printed -> DbUpdateExample.run(base, printed));
        assertTrue(out.get(0).startsWith("without database access: no system can host "
                + DBUpdate.class.getName() + ": 0 of 1 systems qualify"), out.get(0));
        assertEquals("with database access: customers are [Ada, Grace, Linus]", out.get(1));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"SEQUENTIAL", "CONCURRENT"})
    void dbUpdateFromLdapNeedsEveryStackedRequirement(SystemBase base) throws Exception {
        List<String> out = lines(printed -> DbUpdateFromLdapExample.run(base, printed));
        assertEquals(5, out.size(), out.toString());
        assertTrue(out.get(0).startsWith("{}: no system can host"), out.get(0));
        assertTrue(out.get(0).contains("Has DB access"), out.get(0));
        assertTrue(out.get(1).contains("LDAP installed"), out.get(1));
        assertTrue(out.get(2).contains("no system can host"), out.get(2));
        assertTrue(out.get(3).contains("LDAP zone=Standby}: no system can host"), out.get(3));
        assertTrue(out.get(4).endsWith("LDAP zone=Active}: updated customers from LDAP"), out.get(4));
    }

    @Test
    void theHostThatReachesTheDatabaseGetsTheDbUpdate() throws Exception {
        List<String> out = lines(HostStartup::run);
        assertEquals(5, out.size(), out.toString());
        assertEquals(1, out.stream().filter(line -> line.contains("{Has DB access=true}")).count(), out.toString());
        String databaseHost = out.stream().filter(line -> line.contains("{Has DB access=true}")).findFirst()
                .map(line -> group(line, "host (\\S+) ")).orElseThrow();
        String created = group(out.get(3), "a DBUpdate created on (\\S+) runs on ");
        assertNotEquals(databaseHost, created);
        assertEquals(databaseHost, group(out.get(3), " runs on ([^/]+)/"));
        assertEquals("it answers: customers are [Ada, Grace, Linus]", out.get(4));
    }

    @Test
    void aDbUpdateThatLosesTheDatabaseSendsTheNextOneElsewhere() throws Exception {
        List<String> out = lines(LosingTheDatabase::run);
        assertEquals(4, out.size(), out.toString());
        String first = group(out.get(0), "a DBUpdate runs on (\\S+): customers are \\[Ada, Grace, Linus]");
        assertTrue(out.get(1).startsWith(first + " loses the database; the DBUpdate answers DatabaseLost[host="
                + first + "]"), out.get(1));
        assertEquals("the Convention now sees " + first + " with Has DB access=false", out.get(2));
        String next = group(out.get(3), "the next DBUpdate runs on (\\S+): customers are \\[Ada, Grace, Linus]");
        assertNotEquals(first, next);
    }
}
