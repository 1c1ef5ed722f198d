package io.clusterwise.gateway.web;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Source checks of the chat page, on top of the behaviour tests: user, model and cluster text must never reach the
 * DOM as HTML, and the page must work without any outside host (no CDN).
 */
class StaticPageSourceTest {

    private static final Pattern HTML_SINKS = Pattern.compile(
            "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|createContextualFragment|DOMParser|srcdoc|eval\\(");

    /** Where a URL from data could become a {@code javascript:} link: the page sets no link or source URL at all. */
    private static final Pattern URL_SINKS = Pattern.compile(
            "\\.(?:href|src|action|formAction)\\s*=|setAttribute\\(\\s*['\"](?:href|src|action|formaction)|javascript:");

    private static final String[] SCRIPTS = {"static/app.js", "static/markdown.js", "static/views.js"};

    @Test
    void shouldPutTextIntoThePageOnlyAsTextWhenRendering() throws IOException {
        for (String file : SCRIPTS) {
            String script = read(file);
            assertThat(HTML_SINKS.matcher(script).results().map(m -> m.group()).toList()).as(file).isEmpty();
        }
        assertThat(read("static/app.js")).contains(".textContent").contains("createTextNode");
        assertThat(read("static/views.js")).contains(".textContent").contains("createTextNode");
    }

    @Test
    void shouldSetNoLinkOrSourceUrlWhenRendering() throws IOException {
        for (String file : SCRIPTS) {
            String script = read(file);
            assertThat(URL_SINKS.matcher(script).results().map(m -> m.group()).toList()).as(file).isEmpty();
        }
    }

    @Test
    void shouldLoadNothingFromOtherHostsWhenThePageOpens() throws IOException {
        for (String file : new String[]{"static/index.html", "static/app.js", "static/markdown.js", "static/views.js",
                "static/style.css"}) {
            assertThat(read(file)).as(file).doesNotContain("http://").doesNotContain("https://")
                    .doesNotContain("//cdn").doesNotContain("@import");
        }
    }

    private static String read(String path) throws IOException {
        return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
    }
}
