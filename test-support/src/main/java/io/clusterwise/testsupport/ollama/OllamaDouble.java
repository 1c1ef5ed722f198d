package io.clusterwise.testsupport.ollama;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real HTTP server on 127.0.0.1 (random port) that speaks the parts of Ollama's API clusterwise uses:
 * {@code POST /api/chat} (NDJSON streaming or one JSON object), {@code GET /api/tags}, {@code GET /api/ps},
 * {@code GET /api/version}, {@code GET /} ("Ollama is running") and Ollama's {@code {"error": "..."}} failures.
 * Like Ollama, a model that answered a chat is then loaded ({@code /api/ps}) until a test says otherwise
 * ({@link #loaded(String...)}). Each setter changes what the
 * next chat gets and returns the double, so a test reads like {@code OllamaDouble.start().reply("a", "b")}.
 *
 * <pre>{@code
 * try (OllamaDouble ollama = OllamaDouble.start()) {
 *     ollama.reply("The pod ", "is crash-looping [E1].");
 *     // point the code under test at ollama.baseUrl(); then
 *     assertThat(ollama.chatRequests().get(0).allContent()).contains("greeter");
 * }
 * }</pre>
 */
public final class OllamaDouble implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpServer server;
    /** Where it listens, kept for {@link #baseUrl()} and {@link #port()} after {@link #stop()}. */
    private final InetSocketAddress address;
    private final ExecutorService executor;
    private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.defaults());
    private final List<RecordedChat> chats = new CopyOnWriteArrayList<>();
    /** The models {@code /api/ps} lists, with their tags; not part of {@link Behaviour}: chats change it. */
    private final AtomicReference<List<String>> loaded = new AtomicReference<>(List.of());
    private volatile boolean stopped;

    private OllamaDouble(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.address = server.getAddress();
        this.executor = executor;
    }

    /** Starts a double that serves model {@code mistral} and streams a short default reply, on a free port. */
    public static OllamaDouble start() {
        return start(0);
    }

    /**
     * Starts a double as {@link #start()} does, on this port of 127.0.0.1 (0: a free one). A test that stopped a
     * double starts a new one on its {@link #port()} to bring Ollama back at the same address, as a restarted
     * {@code ollama serve} would be.
     */
    public static OllamaDouble start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "ollama-double-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            OllamaDouble ollama = new OllamaDouble(server, executor);
            ollama.routes();
            server.setExecutor(executor);
            server.start();
            return ollama;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Ollama double on 127.0.0.1"
                    + (port == 0 ? "" : ":" + port), e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The port it listens on (still known after {@link #stop()}). */
    public int port() {
        return address.getPort();
    }

    /** The models {@code /api/tags} lists and {@code /api/chat} accepts; a name without a tag means {@code :latest}. */
    public OllamaDouble models(String... names) {
        return change(b -> b.withModels(Arrays.asList(names)));
    }

    /**
     * The models {@code /api/ps} lists as loaded in memory (none when called without names); a name without a tag
     * means {@code :latest}. A model that answers a chat is loaded afterwards, as Ollama loads it to answer.
     */
    public OllamaDouble loaded(String... names) {
        loaded.set(Arrays.stream(names).map(Behaviour::withTag).distinct().toList());
        return this;
    }

    /** The models {@code /api/ps} lists right now, with their tags. */
    public List<String> loadedModels() {
        return loaded.get();
    }

    /** The pieces streamed for each chat (their concatenation when {@code "stream": false}). */
    public OllamaDouble reply(String... chunks) {
        return change(b -> b.withChunks(Arrays.asList(chunks)));
    }

    /**
     * The pause before a chat gets any response at all (no status line, no headers), as while Ollama loads the model
     * into memory: a client's response timeout runs out here, unlike during {@link #chunkDelay}.
     */
    public OllamaDouble loadDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return change(b -> b.withLoadDelay(delay));
    }

    /** The pause before each streamed piece, like a slow model (the status line and headers have been sent). */
    public OllamaDouble chunkDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return change(b -> b.withChunkDelay(delay));
    }

    /** Answers every chat with this HTTP status and {@code {"error": error}}, e.g. 503 "server busy". */
    public OllamaDouble failWith(int status, String error) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("failWith needs an error status (4xx or 5xx), not " + status);
        }
        return change(b -> b.failingWith(status, error));
    }

    /** Streams the first piece, then a line {@code {"error": error}}, then ends the response. */
    public OllamaDouble failMidStream(String error) {
        return change(b -> b.failingMidStream(error));
    }

    /** Back to normal answers: no failure, no delays (models and reply stay as set). */
    public OllamaDouble healthy() {
        return change(Behaviour::healthy);
    }

    /**
     * Back to the state {@link #start()} gave: model {@code mistral}, none loaded, default reply, no failure; forgets
     * requests.
     */
    public OllamaDouble reset() {
        behaviour.set(Behaviour.defaults());
        loaded.set(List.of());
        chats.clear();
        return this;
    }

    /** Every chat request received so far, in order (also the failed ones). */
    public List<RecordedChat> chatRequests() {
        return List.copyOf(chats);
    }

    /** Forgets the chat requests received so far. */
    public OllamaDouble clearChatRequests() {
        chats.clear();
        return this;
    }

    /** Stops listening (new connections are refused) and ends the answers in flight. Idempotent. */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "OllamaDouble[" + (stopped ? "stopped" : baseUrl()) + ", " + behaviour.get() + "]";
    }

    private OllamaDouble change(UnaryOperator<Behaviour> update) {
        behaviour.updateAndGet(update);
        return this;
    }

    private void routes() {
        ChatHandler chat = new ChatHandler(behaviour::get, chats::add, this::load);
        server.createContext("/", exchange -> guarded(exchange, () -> root(exchange)));
        server.createContext("/api/chat", exchange -> guarded(exchange, () -> {
            if (method(exchange, "POST")) {
                chat.handle(exchange);
            }
        }));
        server.createContext("/api/tags", exchange -> guarded(exchange, () -> {
            if (method(exchange, "GET")) {
                Http.json(exchange, 200, OllamaWire.tags(behaviour.get().models()));
            }
        }));
        server.createContext("/api/ps", exchange -> guarded(exchange, () -> {
            if (method(exchange, "GET")) {
                Http.json(exchange, 200, OllamaWire.ps(loaded.get()));
            }
        }));
        server.createContext("/api/version", exchange -> guarded(exchange, () -> {
            if (method(exchange, "GET")) {
                Http.json(exchange, 200, OllamaWire.version());
            }
        }));
    }

    /** A chat was answered by {@code model}: Ollama keeps it loaded afterwards. */
    private void load(String model) {
        String tagged = Behaviour.withTag(model);
        loaded.updateAndGet(now -> now.contains(tagged) ? now
                : Stream.concat(now.stream(), Stream.of(tagged)).toList());
    }

    private static void root(HttpExchange exchange) throws IOException {
        if (!"/".equals(exchange.getRequestURI().getPath())) {
            Http.text(exchange, 404, "404 page not found");
        } else if (method(exchange, "GET")) {
            Http.text(exchange, 200, "Ollama is running");
        }
    }

    /** Ollama's router answers a wrong method with 405; HEAD is allowed wherever GET is. */
    private static boolean method(HttpExchange exchange, String expected) throws IOException {
        String actual = exchange.getRequestMethod();
        if (expected.equals(actual) || ("GET".equals(expected) && "HEAD".equals(actual))) {
            return true;
        }
        Http.text(exchange, 405, "405 method not allowed");
        return false;
    }

    private interface Handler {
        void run() throws IOException;
    }

    private static void guarded(HttpExchange exchange, Handler handler) {
        try {
            handler.run();
        } catch (IOException e) {
            // the client went away or the double stopped mid-answer: nothing left to tell it
        } finally {
            exchange.close();
        }
    }
}
