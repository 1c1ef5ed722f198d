package io.clusterwise.worker.ollama;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.worker.context.Prompt;

import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** {@link ModelStream} over langchain4j's {@code OllamaStreamingChatModel}. */
final class OllamaModelStream implements ModelStream {

    private final StreamingChatModel model;
    private final String modelName;
    private final FailureNotice notices;

    OllamaModelStream(StreamingChatModel model, String modelName, FailureNotice notices) {
        this.model = model;
        this.modelName = modelName;
        this.notices = notices;
    }

    @Override
    public String model() {
        return modelName;
    }

    @Override
    public Cancellable stream(Prompt prompt, Listener listener) {
        Call call = new Call(listener);
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(prompt.system()));
        for (ChatQuestion.Turn turn : prompt.history()) {
            messages.add(turn.role() == ChatQuestion.Role.USER ? UserMessage.from(turn.text())
                    : AiMessage.from(turn.text()));
        }
        messages.add(UserMessage.from(prompt.user()));
        ChatRequest request = ChatRequest.builder().messages(messages).build();
        try {
            model.chat(request, call);
        } catch (RuntimeException e) {
            // a connection failure may be thrown here instead of reaching onError
            call.onError(e);
        }
        return call::cancel;
    }

    /** One streamed call: ends exactly once, and stays quiet after it was cancelled. */
    private final class Call implements StreamingChatResponseHandler {

        private final Listener listener;
        private final StringBuilder text = new StringBuilder();
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicReference<StreamingHandle> handle = new AtomicReference<>();

        Call(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            if (context != null) {
                handle.compareAndSet(null, context.streamingHandle());
            }
            if (ended.get()) {
                cancel();
                return;
            }
            synchronized (text) {
                text.append(partial.text());
            }
            listener.onPiece(partial.text());
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            String full = response != null && response.aiMessage() != null && response.aiMessage().text() != null
                    ? response.aiMessage().text() : streamed();
            if (full.isBlank()) {
                listener.onFailure(notices.emptyAnswer());
            } else {
                listener.onDone(full);
            }
        }

        @Override
        public void onError(Throwable error) {
            if (ended.compareAndSet(false, true)) {
                listener.onFailure(notices.of(error));
            }
        }

        void cancel() {
            ended.set(true);
            StreamingHandle h = handle.get();
            if (h != null && !h.isCancelled()) {
                try {
                    h.cancel();
                } catch (RuntimeException e) {
                    // some transports cannot cancel: the remaining pieces are ignored instead
                }
            }
        }

        private String streamed() {
            synchronized (text) {
                return text.toString();
            }
        }
    }
}
