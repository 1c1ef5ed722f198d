package io.clusterwise.contracts.kafka;

import io.clusterwise.contracts.WireFormatException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Publishes a record that cannot be processed to its topic's dead-letter topic (same partition), as its original
 * bytes with spring-kafka's exception and original-topic/partition/offset headers. The listener containers' error
 * handler uses it, and so can code that runs its own consumer (every record a service cannot read goes the same way).
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /** The longest exception message a dead letter carries in its headers. */
    static final int MAX_MESSAGE_CHARS = 2_000;
    /** The longest stack trace a dead letter carries in its headers. */
    static final int MAX_STACKTRACE_CHARS = 16_000;

    private final DeadLetterPublishingRecoverer recoverer;

    DeadLetters(KafkaTemplate<Object, Object> template) {
        this.recoverer = new DeadLetterPublishingRecoverer(template,
                DeadLetterAutoConfiguration::deadLetterDestination);
        this.recoverer.setExceptionHeadersCreator(DeadLetters::exceptionHeaders);
    }

    /**
     * spring-kafka's exception headers (class, cause class, message, stack trace), each bounded: a parser's message
     * may quote the whole poison value, and the value plus two more copies of it in headers would make a dead letter
     * too large to publish (the record could then never leave its partition).
     */
    static void exceptionHeaders(Headers headers, Exception ex, boolean isKey,
                                 DeadLetterPublishingRecoverer.HeaderNames names) {
        DeadLetterPublishingRecoverer.HeaderNames.ExceptionInfo info = names.getExceptionInfo();
        headers.add(isKey ? info.getKeyExceptionFqcn() : info.getExceptionFqcn(), utf8(ex.getClass().getName()));
        if (!isKey && ex.getCause() != null) {
            headers.add(info.getExceptionCauseFqcn(), utf8(ex.getCause().getClass().getName()));
        }
        if (ex.getMessage() != null) {
            headers.add(isKey ? info.getKeyExceptionMessage() : info.getExceptionMessage(), utf8(message(ex)));
        }
        headers.add(isKey ? info.getKeyExceptionStacktrace() : info.getExceptionStacktrace(), utf8(stackTrace(ex)));
    }

    /** The exception's message, at most {@link #MAX_MESSAGE_CHARS} (and a note of how much was cut). */
    static String message(Exception ex) {
        return bounded(ex.getMessage(), MAX_MESSAGE_CHARS);
    }

    /** The exception's stack trace with its causes, at most {@link #MAX_STACKTRACE_CHARS}. */
    static String stackTrace(Exception ex) {
        StringWriter trace = new StringWriter();
        ex.printStackTrace(new PrintWriter(trace));
        return bounded(trace.toString(), MAX_STACKTRACE_CHARS);
    }

    private static String bounded(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "… (" + (text.length() - max) + " more chars)";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The listener containers' error handler: a failed record is retried twice (not when it cannot be read or is
     * refused with an {@link IllegalArgumentException}), then dead-lettered, and the container commits past it.
     *
     * @param commitPast asked on the consumer thread once a record is on its dead-letter topic: whether the container
     *                   may commit past it now. A listener that acknowledges records itself (AckMode MANUAL) and has
     *                   earlier ones still in work says no, so the commit does not pass them; it then covers the
     *                   dead-lettered record with its own next acknowledgement.
     */
    public DefaultErrorHandler errorHandler(Predicate<ConsumerRecord<?, ?>> commitPast) {
        return new DeadLetteringErrorHandler(recoverer, commitPast);
    }

    /** Dead-letters {@code record}; a failure to do so is logged, never thrown (the caller goes on either way). */
    public void publish(ConsumerRecord<?, ?> record, Exception cause) {
        try {
            deadLetterOrSkip(recoverer::accept, record, cause);
        } catch (RuntimeException e) {
            log.error("could not dead-letter {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
        }
    }

    /**
     * Dead-letters {@code record}. A failure to publish is thrown (the container then retries the record later), except
     * when the dead letter is too large for the producer or broker: that will never change, so retrying would stall the
     * partition for ever behind it; such a record is logged and skipped.
     */
    static void deadLetterOrSkip(BiConsumer<ConsumerRecord<?, ?>, Exception> recoverer, ConsumerRecord<?, ?> record,
                                 Exception ex) {
        log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                DeadLetterAutoConfiguration.rootMessage(ex));
        try {
            recoverer.accept(record, ex);
        } catch (RuntimeException e) {
            if (!causedBy(e, RecordTooLargeException.class)) {
                throw e;
            }
            log.error("cannot dead-letter {}-{}@{}: it is too large for {} ({}); skipping it", record.topic(),
                    record.partition(), record.offset(),
                    DeadLetterAutoConfiguration.deadLetterDestination(record, ex).topic(),
                    DeadLetterAutoConfiguration.rootMessage(e));
        }
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * spring-kafka asks {@link #isAckAfterHandle()} right after the recoverer ran, on the same consumer thread: the
     * answer is the one {@code commitPast} gave for that record (true for any other call).
     */
    private static final class DeadLetteringErrorHandler extends DefaultErrorHandler {
        private final ThreadLocal<Boolean> lastDecision;

        DeadLetteringErrorHandler(DeadLetterPublishingRecoverer recoverer,
                                  Predicate<ConsumerRecord<?, ?>> commitPast) {
            this(recoverer, commitPast, new ThreadLocal<>());
        }

        private DeadLetteringErrorHandler(DeadLetterPublishingRecoverer recoverer,
                                          Predicate<ConsumerRecord<?, ?>> commitPast, ThreadLocal<Boolean> last) {
            super((record, ex) -> {
                deadLetterOrSkip(recoverer::accept, record, ex);
                last.set(commitPast.test(record));
            }, new FixedBackOff(200L, 2L));
            addNotRetryableExceptions(WireFormatException.class, IllegalArgumentException.class);
            this.lastDecision = last;
        }

        @Override
        public boolean isAckAfterHandle() {
            Boolean decision = lastDecision.get();
            lastDecision.remove();
            return decision == null || decision;
        }
    }
}
