package io.thespis.internal.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's settings table is the member's table of settings, row for row. */
class SettingsTableTest {
    /** The table as the README shows it, made from {@link MemberSetting}. */
    static String markdown() {
        StringBuilder table = new StringBuilder("| flag | environment | config key | default | unit | what |\n"
                + "|---|---|---|---|---|---|\n");
        for (MemberSetting setting : MemberSetting.values()) {
            table.append("| ").append(setting.flag == null ? "-" : "`" + setting.flag + "`")
                    .append(" | `").append(setting.variable()).append("` | ")
                    .append(setting.key() == null ? "-" : "`" + setting.key() + "`").append(" | ")
                    .append(setting.defaultText).append(" | ").append(setting.unit).append(" | ").append(setting.description.replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }

    @Test
    void theReadmesSettingsTableIsTheMembersTable() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String expected = markdown();
        assertTrue(readme.contains(expected), "README.md should hold, as it is:\n" + expected);
    }
}
