package io.clusterwise.devstack;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CommandOptionsTest {

    private static CommandOptions.Parsed parse(String... args) {
        return CommandOptions.parse(List.of(args), Set.of("--file", "--cluster-name"), Set.of("--json"));
    }

    @Test
    void shouldReadValuesInBothFormsAndFlagsWhenAllAreKnown() {
        CommandOptions.Parsed parsed = parse("--file", "dump.json", "--cluster-name=prod", "--json");

        assertThat(parsed).isInstanceOfSatisfying(CommandOptions.Values.class, v -> {
            assertThat(v.value("--file", null)).isEqualTo("dump.json");
            assertThat(v.value("--cluster-name", "local")).isEqualTo("prod");
            assertThat(v.flag("--json")).isTrue();
        });
    }

    @Test
    void shouldUseTheFallbackWhenAnOptionIsNotGiven() {
        assertThat(parse()).isInstanceOfSatisfying(CommandOptions.Values.class, v -> {
            assertThat(v.value("--cluster-name", "local")).isEqualTo("local");
            assertThat(v.flag("--json")).isFalse();
        });
    }

    @Test
    void shouldSayWhatIsWrongWhenAnOptionIsUnknownOrHasNoValue() {
        assertThat(parse("--bogus")).isEqualTo(new CommandOptions.Invalid("unknown option '--bogus'"));
        assertThat(parse("--file")).isEqualTo(new CommandOptions.Invalid("--file needs a value"));
        assertThat(parse("--file", "--json")).isEqualTo(new CommandOptions.Invalid("--file needs a value"));
        assertThat(parse("--file=")).isEqualTo(new CommandOptions.Invalid("--file needs a value"));
    }

    @Test
    void shouldAskForHelpWhenHelpIsGivenAnywhere() {
        assertThat(parse("--file", "x", "-h")).isInstanceOf(CommandOptions.Help.class);
        assertThat(parse("--help", "--bogus")).isInstanceOf(CommandOptions.Help.class);
    }
}
