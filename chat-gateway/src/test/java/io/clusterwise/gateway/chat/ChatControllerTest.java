package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.gateway.GatewayConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(controllers = ChatController.class, properties = {
        "clusterwise.gateway.max-question-length=20",
        "clusterwise.gateway.max-pending-answers=1",
        "clusterwise.gateway.rate-limit.requests-per-minute=0",
        "clusterwise.gateway.max-body-bytes=1024"})
@Import({GatewayConfiguration.class, QuestionPolicy.class, ChatExchange.class, PendingAnswers.class,
        ReplyConsumerState.class, Conversations.class})
class ChatControllerTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    ReplyConsumerState replies;

    @MockitoBean
    QuestionSender sender;

    @BeforeEach
    void replyConsumerIsPositioned() {
        replies.positioned(Map.of(replies.partition(), 0L));
    }

    @Test
    void shouldAnswer400ProblemWhenQuestionIsMissing() throws Exception {
        postJson("{}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.title").value("Invalid question"))
                .andExpect(jsonPath("$.detail").value("question is missing: send {\"question\": \"...\"}"));
        verify(sender, never()).send(any());
    }

    @Test
    void shouldAnswer400ProblemWhenQuestionIsEmpty() throws Exception {
        postJson("{\"question\": \"\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("question is blank: ask something"));
        verify(sender, never()).send(any());
    }

    @Test
    void shouldAnswer400ProblemWhenQuestionIsBlank() throws Exception {
        postJson("{\"question\": \" \\n\\t \"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("question is blank: ask something"));
    }

    @Test
    void shouldAnswer400ProblemNamingTheLimitWhenQuestionIsTooLong() throws Exception {
        postJson("{\"question\": \"why is my pod crashing?\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("question is 23 characters long; the limit is 20"
                        + " (clusterwise.gateway.max-question-length)"));
        verify(sender, never()).send(any());
    }

    @Test
    void shouldAnswer400ProblemWhenBodyIsMalformedJson() throws Exception {
        postJson("{\"question\": \"why\",}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Malformed request body"))
                .andExpect(jsonPath("$.detail").value(containsString(
                        "the request body is not JSON of the form {\"question\": \"...\"")));
        verify(sender, never()).send(any());
    }

    @Test
    void shouldAnswer400ProblemWhenBodyIsMissing() throws Exception {
        mvc.perform(post("/api/chat").contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("the request body is missing")));
    }

    @Test
    void shouldAnswer415ProblemNamingTheContentTypeWhenBodyIsNotJson() throws Exception {
        mvc.perform(post("/api/chat").contentType(MediaType.TEXT_PLAIN).content("why is my pod crashing?"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("'text/plain")))
                .andExpect(jsonPath("$.detail").value(containsString("not supported")));
        verify(sender, never()).send(any());
    }

    @Test
    void shouldAnswerProblemJsonWhenClientOnlyAcceptsEventStream() throws Exception {
        mvc.perform(post("/api/chat").contentType(MediaType.APPLICATION_JSON).accept(MediaType.TEXT_EVENT_STREAM)
                        .content("{\"question\": \"\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("question is blank: ask something"));
    }

    @Test
    void shouldAnswer503ProblemWhenReplyConsumerIsNotPositionedYet() throws Exception {
        replies.stopped();
        postJson("{\"question\": \"why?\"}")
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString(
                        "not yet reading its reply partition agent.replies-0")));
        verify(sender, never()).send(any());
    }

    @Test
    void shouldAnswer503ProblemNamingTheSettingWhenTooManyAnswersArePending() throws Exception {
        CompletableFuture<Object> stuck = new CompletableFuture<>();
        when(sender.send(any())).thenReturn((CompletableFuture) stuck);
        try {
            postJson("{\"question\": \"first\"}").andExpect(request().asyncStarted());
            postJson("{\"question\": \"second\"}")
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString("clusterwise.gateway.max-pending-answers")));
        } finally {
            stuck.completeExceptionally(new IllegalStateException("test over")); // ends the first stream
        }
    }

    @Test
    void shouldStreamMetaThenErrorWhenKafkaRefusesTheQuestion() throws Exception {
        when(sender.send(any())).thenReturn((CompletableFuture) CompletableFuture.failedFuture(
                new IllegalStateException("Topic agent.questions not present in metadata after 10000 ms.")));

        MvcResult started = postJson("{\"question\": \"why?\"}")
                .andExpect(request().asyncStarted()).andReturn();
        mvc.perform(asyncDispatch(started)).andExpect(status().isOk());

        String body = started.getResponse().getContentAsString();
        assertThat(started.getResponse().getContentType()).startsWith("text/event-stream");
        assertThat(body).startsWith("event:meta\ndata:{\"questionId\":\"");
        assertThat(body).contains("\"historyTurns\":0");
        assertThat(body).contains("event:error\ndata:{\"message\":\"could not send the question to agent.questions:"
                + " IllegalStateException: Topic agent.questions not present in metadata after 10000 ms.\"}");
    }

    @Test
    void shouldSendTheQuestionUnderANewConversationIdWhenNoneIsGiven() throws Exception {
        CompletableFuture<Object> inFlight = new CompletableFuture<>();
        when(sender.send(any())).thenReturn((CompletableFuture) inFlight);
        try {
            MvcResult started = postJson("{\"question\": \"why is it slow?\"}")
                    .andExpect(request().asyncStarted()).andReturn();

            ArgumentCaptor<ChatQuestion> sent = ArgumentCaptor.forClass(ChatQuestion.class);
            verify(sender).send(sent.capture());
            ChatQuestion question = sent.getValue();
            assertThat(question.question()).isEqualTo("why is it slow?");
            assertThat(question.conversationId()).matches("[0-9a-f-]{36}");
            // events are written by the stream's writer thread, so `meta` may land a moment after the request returns
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    started.getResponse().getContentAsString()).startsWith("event:meta\ndata:{\"questionId\":\""
                    + question.questionId() + "\",\"conversationId\":\"" + question.conversationId()
                    + "\",\"historyTurns\":0}"));
            assertThat(question.history()).isEmpty();
        } finally {
            inFlight.completeExceptionally(new IllegalStateException("test over")); // frees the pending slot
        }
    }

    @Test
    void shouldAnswer400ProblemNamingTheConversationWhenItIsUnknownToThisGateway() throws Exception {
        postJson("{\"question\": \"and now?\", \"conversationId\": \"conv-never-started\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Unknown conversation"))
                .andExpect(jsonPath("$.detail").value(containsString(
                        "conversation 'conv-never-started' is not known to this gateway")))
                .andExpect(jsonPath("$.detail").value(containsString("leave conversationId out")));
        verify(sender, never()).send(any());
    }

    @Test
    void shouldNotSendTheConversationIdBackAsMarkupWhenItCarriesAScriptTag() throws Exception {
        MvcResult result = postJson("{\"question\": \"and now?\", \"conversationId\": "
                + "\"<script>alert(1)</script>\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("conversation '<script>alert(1)</script>'")))
                .andReturn();
        assertThat(result.getResponse().getContentAsString()).doesNotContain("<script")
                .containsIgnoringCase("\\u003cscript");
    }

    @Test
    void shouldAnswer400ProblemWhenTheQuestionIsNotValidUtf8() throws Exception {
        byte[] encodedSurrogate = {'{', '"', 'q', 'u', 'e', 's', 't', 'i', 'o', 'n', '"', ':', '"', (byte) 0xED,
                (byte) 0xA0, (byte) 0x80, '"', '}'};
        mvc.perform(post("/api/chat").contentType(MediaType.APPLICATION_JSON).content(encodedSurrogate))
                .andExpect(status().isBadRequest());
        byte[] overlongSlash = {'{', '"', 'q', 'u', 'e', 's', 't', 'i', 'o', 'n', '"', ':', '"', '.', '.',
                (byte) 0xC0, (byte) 0xAF, '"', '}'};
        mvc.perform(post("/api/chat").contentType(MediaType.APPLICATION_JSON).content(overlongSlash))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("not valid UTF-8")));
        postJson("{\"question\": \"why \\ud800?\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("question is not valid UTF-8 text: send it as UTF-8"));
        verify(sender, never()).send(any());
    }

    @Test
    void shouldAnswer413ProblemNamingTheLimitWhenTheBodyIsLargerThanTheLimit() throws Exception {
        postJson("{\"question\": \"" + "A".repeat(2_000) + "\"}")
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Request body too large"))
                .andExpect(jsonPath("$.detail").value(
                        "the request body is larger than 1024 bytes (clusterwise.gateway.max-body-bytes)"));
        verify(sender, never()).send(any());
    }

    private ResultActions postJson(String json) throws Exception {
        return mvc.perform(post("/api/chat").contentType(MediaType.APPLICATION_JSON).content(json));
    }
}
