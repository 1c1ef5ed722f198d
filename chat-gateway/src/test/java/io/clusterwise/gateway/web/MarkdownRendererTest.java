package io.clusterwise.gateway.web;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's Markdown renderer ({@code static/markdown.js}) and its views of incidents, evidence and the model banner
 * ({@code static/views.js}) are JavaScript, so their unit tests ({@code src/test/js/markdown.test.js}: no
 * script/img/link ever becomes an element, only known tags without attributes; {@code src/test/js/views.test.js}: an
 * incident summary, a log line or a banner detail such as {@code <img src=x onerror=alert(1)>} stays text, on a fake
 * document that fails any HTML or attribute write) run in node's own test runner; this runs them in the Maven build.
 * Without node the test is skipped locally, but fails under CI ({@code CI=true}), where {@code .ci/run} installs node.
 */
class MarkdownRendererTest {

    private static final Pattern SUMMARY = Pattern.compile("^# (pass|fail) (\\d+)$", Pattern.MULTILINE);

    @Test
    void shouldRenderUserAndModelTextOnlyAsTextWhenItContainsMarkup() throws Exception {
        Path node = Path.of("/usr/bin/node");
        String ci = System.getenv("CI");
        if (!Files.isExecutable(node) && !onPath("node")) {
            if ("true".equalsIgnoreCase(ci)) {
                throw new AssertionError("node is not installed, but CI=true: .ci/run installs nodejs");
            }
            Assumptions.abort("node is not installed: the Markdown renderer's JavaScript tests are skipped");
        }
        Process process = new ProcessBuilder(List.of("node", "--test", "src/test/js/"))
                .redirectErrorStream(true)
                .start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("node --test finished").isTrue();
        System.out.println(output);
        Matcher summary = SUMMARY.matcher(output);
        int passed = -1;
        int failed = -1;
        while (summary.find()) {
            if (summary.group(1).equals("pass")) {
                passed = Integer.parseInt(summary.group(2));
            } else {
                failed = Integer.parseInt(summary.group(2));
            }
        }
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(failed).as(output).isZero();
        assertThat(passed).as(output).isGreaterThanOrEqualTo(15);
    }

    private static boolean onPath(String command) throws IOException {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
