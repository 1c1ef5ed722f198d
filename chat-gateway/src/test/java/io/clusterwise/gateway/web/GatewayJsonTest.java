package io.clusterwise.gateway.web;

import io.clusterwise.contracts.WireJson;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayJsonTest {

    private static final String HOSTILE = "\"><script>alert('x')</script>&amp; é";

    @Test
    void shouldEscapeMarkupCharactersWhenAValueCarriesHtml() throws Exception {
        String json = GatewayJson.write(Map.of("reason", HOSTILE));

        assertThat(json).doesNotContain("<", ">", "&", "'")
                .containsIgnoringCase("\\u003cscript\\u003e").contains("é");
        assertThat(WireJson.mapper().readTree(json).path("reason").asText()).isEqualTo(HOSTILE);
    }

    @Test
    void shouldWriteAProblemAsSpringDoesButHtmlSafeWhenItsDetailQuotesTheClient() throws Exception {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "conversation '" + HOSTILE
                + "' is not known");
        problem.setTitle("Unknown conversation");
        problem.setInstance(URI.create("/api/chat"));
        problem.setProperty("hint", "<b>leave it out</b>");

        String json = GatewayJson.write(problem);

        assertThat(json).doesNotContain("<", ">");
        var tree = WireJson.mapper().readTree(json);
        assertThat(tree.path("title").asText()).isEqualTo("Unknown conversation");
        assertThat(tree.path("status").asInt()).isEqualTo(400);
        assertThat(tree.path("detail").asText()).isEqualTo("conversation '" + HOSTILE + "' is not known");
        assertThat(tree.path("instance").asText()).isEqualTo("/api/chat");
        assertThat(tree.path("hint").asText()).isEqualTo("<b>leave it out</b>");
    }
}
