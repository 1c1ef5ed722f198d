package io.clusterwise.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The figures a reliability test measured (events sent and received, duplicates, recovery times), appended as one
 * Markdown table row per fault to {@code reliability/target/reliability-figures.md}; docs/RELIABILITY.md quotes the
 * last run's. Figures are reported, never asserted against a clock.
 */
final class Figures {

    static final Path FILE = Path.of("target", "reliability-figures.md");

    private Figures() {
    }

    /** @param fault the fault injected; {@code figures} e.g. "events created 300, on cluster.events 300, duplicates 0" */
    static synchronized void record(String test, String fault, String figures) {
        try {
            Files.createDirectories(FILE.getParent());
            if (!Files.exists(FILE)) {
                Files.writeString(FILE, "| when (UTC) | test | fault | figures |\n|---|---|---|---|\n",
                        StandardCharsets.UTF_8);
            }
            String row = "| " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " | " + test + " | " + fault + " | "
                    + figures.replace("|", "\\|") + " |\n";
            Files.writeString(FILE, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            System.out.print("reliability figures: " + row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
