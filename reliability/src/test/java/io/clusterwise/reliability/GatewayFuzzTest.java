package io.clusterwise.reliability;

import io.clusterwise.devstack.ServiceLauncher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of random and adversarial requests to every gateway endpoint that takes input (the bodies of
 * {@code POST /api/chat} and {@code POST /api/suppressions}, the id of {@code DELETE /api/suppressions/{id}}, the
 * {@code namespace} of {@code GET /api/diagnose}, query parameters of the other reads, wrong methods): huge bodies,
 * deep nesting, invalid UTF-8, wrong content types, truncated JSON, nulls, wrong types, HTML and script tags in every
 * string field, path traversal, very long headers and ids. Sent over plain sockets, so nothing the client library
 * would refuse to send is left out. The gateway never answers 5xx, answers every malformed request with 4xx, and
 * never sends back an injected tag as markup (JSON may carry it only escaped, e.g. {@code \u003cscript}).
 */
class GatewayFuzzTest {

    private static final int REQUESTS = 3000;
    /** Every injected tag carries this attribute, so an echo of one is told from the gateway's own markup. */
    private static final String MARK = "cwxss";
    private static final Pattern ECHOED_TAG = Pattern.compile("<[a-zA-Z/][^>]{0,40}" + MARK);
    private static final List<String> HTML = List.of(
            "<script id=" + MARK + ">alert(1)</script>",
            "\"><img id=" + MARK + " src=x onerror=alert(1)>",
            "</textarea><svg id=" + MARK + " onload=alert(1)>",
            "<iframe id=" + MARK + " src=\"javascript:alert(1)\"></iframe>",
            "<a id=" + MARK + " href=javascript:alert(1)>x</a>",
            "'';!--\"<XSS id=" + MARK + ">=&{()}",
            "<SCRIPT id=" + MARK + " SRC=//evil.example/x.js></SCRIPT>");

    private static ReliabilityStack stack;
    private static ConfigurableApplicationContext gateway;
    private static int port;

    /** What one request was meant to test, whether it is malformed (a 4xx is due), and how it went. */
    record Case(String kind, boolean malformed, String method, String target, Map<String, String> headers,
                byte[] body) {

        Case withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Case(kind, malformed, method, target, more, body);
        }
    }

    record Reply(int status, String contentType, String body) {
    }

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.start();
        // a worker answers the valid chats and diagnose requests (else they would end in 504 after their timeout)
        stack.startWorker(Map.of());
        gateway = stack.startGateway(Map.of("clusterwise.gateway.answer-timeout", "PT20S"));
        port = ServiceLauncher.port(gateway);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldAnswerEveryHostileRequestWith4xxAndNeverEchoMarkupWhenFuzzed() {
        long seed = Long.getLong("fuzz.seed", 0x5eedc0ffeeL);
        System.out.println("GatewayFuzzTest seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        List<Function<Random, Case>> generators = generators();

        Map<String, Integer> byClass = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int malformed = 0;
        for (int i = 0; i < REQUESTS; i++) {
            Case c = generators.get(random.nextInt(generators.size())).apply(random);
            Reply reply = send(c);
            byClass.merge(reply.status / 100 + "xx", 1, Integer::sum);
            malformed += c.malformed ? 1 : 0;
            String what = "#" + i + " " + c.kind + " " + c.method + " " + abbreviate(c.target) + " -> " + reply.status
                    + " " + reply.contentType + " " + abbreviate(reply.body);
            if (reply.status >= 500 || reply.status < 100) {
                failures.add("server error: " + what);
            } else if (c.malformed && (reply.status < 400 || reply.status >= 500)) {
                failures.add("malformed but not 4xx: " + what);
            }
            if (ECHOED_TAG.matcher(reply.body).find()) {
                failures.add("echoed markup: " + what);
            }
            if (c.target.startsWith("/api") && reply.body.toLowerCase(Locale.ROOT).contains("<script")) {
                failures.add("<script in an API answer: " + what);
            }
            if (reply.body.contains("root:x:0:0")) {
                failures.add("served a file outside the app: " + what);
            }
        }
        Figures.record("GatewayFuzzTest", "random and adversarial HTTP requests (seed " + seed + ")",
                "requests sent " + REQUESTS + " (malformed " + malformed + "), by status class " + byClass
                        + ", failures " + failures.size());
        assertThat(failures).as("seed %d", seed).isEmpty();
        assertThat(byClass).doesNotContainKey("5xx");
    }

    // --- the generators: each makes one kind of request -----------------------------------------------------------

    private static List<Function<Random, Case>> generators() {
        List<Function<Random, Case>> g = new ArrayList<>();
        g.add(r -> json("huge body", true, postTarget(r),
                "{\"question\":\"" + "A".repeat((1 + r.nextInt(2)) * 1024 * 1024) + "\"}"));
        g.add(r -> json("deep nesting", true, postTarget(r), nested(r.nextBoolean() ? "[" : "{\"a\":", 10_000)));
        g.add(r -> json("deep nesting in a field", true, postTarget(r),
                "{\"question\":" + nested("[", 10_000) + "}"));
        g.add(r -> raw("invalid UTF-8", true, "POST", postTarget(r), jsonHeaders(), invalidUtf8(r)));
        g.add(r -> raw("wrong content type", true, "POST", postTarget(r), Map.of("Content-Type", pick(r,
                "text/plain", "application/xml", "text/html", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded", "text/html; charset=" + HTML.get(0), "*/*", "application/json+x",
                "image/svg+xml")), utf8("{\"question\":\"" + pick(r, HTML) + "\"}")));
        g.add(r -> raw("no content type", true, "POST", postTarget(r), Map.of(), utf8("{\"question\":\"hi\"}")));
        g.add(r -> json("truncated JSON", true, postTarget(r), truncated(r)));
        g.add(r -> json("nulls", true, postTarget(r), pick(r, "null", "{}", "{\"question\":null}",
                "{\"fingerprint\":null,\"pattern\":null}", "[null]", "", " ", "\"\"")));
        g.add(r -> json("wrong types", true, postTarget(r), pick(r, "{\"question\":[\"a\"]}",
                "{\"question\":{\"a\":1}}", "{\"fingerprint\":[1],\"pattern\":{}}", "{\"ttl\":{\"a\":1}}",
                "{\"question\":\"q\",\"conversationId\":[1,2]}", "[{\"question\":\"q\"}]", "42", "true",
                "{\"pattern\":\"Crash*\",\"ttl\":[\"PT1H\"]}")));
        g.add(r -> json("HTML in the question", false, "/api/chat",
                "{\"question\":" + quote("why " + pick(r, HTML) + " fails?") + "}"));
        g.add(r -> json("HTML in a conversation id", true, "/api/chat",
                "{\"question\":\"hi\",\"conversationId\":" + quote(pick(r, HTML)) + "}"));
        g.add(r -> json("HTML in a suppression", false, "/api/suppressions", suppressionWithHtml(r)));
        g.add(r -> json("HTML in a suppression ttl", true, "/api/suppressions",
                "{\"pattern\":\"Crash*\",\"ttl\":" + quote(pick(r, HTML)) + "}"));
        g.add(r -> raw("HTML in a suppression id", false, "DELETE", "/api/suppressions/" + encode(pick(r, HTML)),
                Map.of(), null));
        g.add(r -> raw("HTML in a namespace", true, "GET", "/api/diagnose?namespace=" + encode(pick(r, HTML)),
                Map.of(), null));
        g.add(r -> raw("raw HTML in the query", true, "GET", "/api/diagnose?namespace=" + pick(r, HTML)
                .replace(" ", "+"), Map.of(), null));
        g.add(r -> raw("HTML in a path", true, pick(r, "GET", "POST", "DELETE"), "/api/" + encode(pick(r, HTML)),
                jsonHeaders(), null));
        g.add(r -> raw("path traversal", true, pick(r, "GET", "DELETE"), pick(r, "/../../etc/passwd",
                "/api/../../../etc/passwd", "/api/suppressions/..%2F..%2F..%2Fetc%2Fpasswd",
                "/%2e%2e/%2e%2e/etc/passwd", "/api/insights/..;/..;/etc/passwd", "/api/%2e%2e/%2e%2e/etc/passwd",
                "/api/suppressions/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/..%5c..%5cwindows%5cwin.ini",
                "/api/diagnose?namespace=../../etc/passwd", "/api/suppressions/%00", "/api/suppressions/a%0d%0ab"),
                Map.of(), null));
        g.add(r -> raw("bad percent-encoding", true, pick(r, "GET", "DELETE"), pick(r,
                "/api/diagnose?namespace=%zz", "/api/suppressions/%zz", "/api/diagnose?namespace=%", "/api/%C0%AF",
                "/api/diagnose?namespace=%FF%FE"), Map.of(), null));
        g.add(r -> raw("long header", true, pick(r, "GET", "POST"), pick(r, "/api/chat", "/api/models",
                "/api/suppressions"), Map.of("X-Fuzz", "h".repeat(20_000 + r.nextInt(100_000)),
                "Content-Type", "application/json"), utf8("{\"question\":\"hi\"}")));
        g.add(r -> raw("long id", true, "DELETE", "/api/suppressions/" + "i".repeat(129 + r.nextInt(5000)),
                Map.of(), null));
        g.add(r -> json("long conversation id", true, "/api/chat",
                "{\"question\":\"hi\",\"conversationId\":\"" + "c".repeat(129 + r.nextInt(5000)) + "\"}"));
        g.add(r -> raw("long namespace", true, "GET", "/api/diagnose?namespace=" + "n".repeat(64 + r.nextInt(6000)),
                Map.of(), null));
        g.add(r -> raw("random namespace", true, "GET", "/api/diagnose?namespace=" + encode(randomText(r, 1, 40)),
                Map.of(), null));
        g.add(r -> raw("repeated parameter", true, "GET", "/api/diagnose?namespace=demo&namespace=" + encode(pick(r,
                HTML)), Map.of(), null));
        g.add(r -> raw("unknown parameters", false, "GET", pick(r, "/api/insights", "/api/models",
                "/api/suppressions", "/api/namespaces") + "?" + encode(pick(r, HTML)) + "=" + encode(pick(r, HTML)),
                Map.of(), null));
        g.add(r -> raw("wrong method", true, pick(r, "PUT", "PATCH"), pick(r, "/api/chat", "/api/suppressions",
                "/api/diagnose", "/api/insights", "/api/models", "/api/suppressions/x"), jsonHeaders(),
                utf8("{\"question\":\"" + pick(r, HTML).replace("\"", "'") + "\"}")));
        g.add(r -> raw("random bytes", true, "POST", postTarget(r), jsonHeaders(), randomBytes(r)));
        g.add(r -> json("random text", true, postTarget(r), randomText(r, 0, 300)));
        g.add(r -> json("blank and oversized fields", true, postTarget(r), pick(r, "{\"question\":\"   \"}",
                "{\"question\":\"" + "q".repeat(4001) + "\"}", "{\"pattern\":\"***\"}",
                "{\"fingerprint\":\"a\",\"pattern\":\"b\"}", "{\"pattern\":\"x*\",\"reason\":\"" + "r".repeat(501)
                        + "\"}", "{\"pattern\":\"x*\",\"ttl\":\"-PT1H\"}", "{\"pattern\":\"x*\",\"ttl\":\"P999D\"}",
                "{\"fingerprint\":\"" + "f".repeat(513) + "\"}")));
        g.add(r -> json("accept HTML", true, "/api/chat", "{\"question\":" + quote(pick(r, HTML)) + ",")
                .withHeader("Accept", "text/html"));
        return g;
    }

    // --- building requests ---------------------------------------------------------------------------------------

    private static Case json(String kind, boolean malformed, String target, String body) {
        return raw(kind, malformed, "POST", target, jsonHeaders(), utf8(body));
    }

    private static Case raw(String kind, boolean malformed, String method, String target, Map<String, String> headers,
                            byte[] body) {
        return new Case(kind, malformed, method, target, headers, body);
    }

    private static Map<String, String> jsonHeaders() {
        return Map.of("Content-Type", "application/json", "Accept", "application/json, text/event-stream");
    }

    private static String postTarget(Random r) {
        return r.nextBoolean() ? "/api/chat" : "/api/suppressions";
    }

    private static String suppressionWithHtml(Random r) {
        String html = quote(pick(r, HTML));
        return pick(r, "{\"pattern\":" + quote("Crash" + pick(r, HTML) + "*") + "}",
                "{\"fingerprint\":" + html + ",\"reason\":" + html + ",\"createdBy\":" + quote(pick(r, HTML)
                        .substring(0, 20)) + "}",
                "{\"pattern\":\"Crash*\",\"reason\":" + html + "}");
    }

    private static String nested(String open, int depth) {
        String close = open.equals("[") ? "]" : "}";
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    private static String truncated(Random r) {
        String whole = pick(r, "{\"question\":\"why is greeter failing?\",\"conversationId\":\"abc\"}",
                "{\"pattern\":\"CrashLoopBackOff:*\",\"reason\":\"noise\",\"ttl\":\"PT1H\"}");
        return whole.substring(0, 1 + r.nextInt(whole.length() - 2));
    }

    private static byte[] invalidUtf8(Random r) {
        byte[] head = utf8("{\"question\":\"");
        byte[][] bad = {{(byte) 0xC3, (byte) 0x28}, {(byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xFF, (byte) 0xFE}};
        byte[] mid = bad[r.nextInt(bad.length)];
        byte[] tail = utf8("\"}");
        byte[] out = new byte[head.length + mid.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(mid, 0, out, head.length, mid.length);
        System.arraycopy(tail, 0, out, head.length + mid.length, tail.length);
        return out;
    }

    private static byte[] randomBytes(Random r) {
        byte[] bytes = new byte[1 + r.nextInt(2000)];
        r.nextBytes(bytes);
        return bytes;
    }

    private static String randomText(Random r, int min, int max) {
        StringBuilder b = new StringBuilder();
        int n = min + r.nextInt(max - min + 1);
        for (int i = 0; i < n; i++) {
            b.append((char) (r.nextBoolean() ? 32 + r.nextInt(95) : r.nextInt(0x2FFF)));
        }
        return b.toString();
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static <T> T pick(Random r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }

    // --- sending over a plain socket -----------------------------------------------------------------------------

    /** One HTTP/1.1 request on its own connection, written byte for byte; the whole answer read until close. */
    private static Reply send(Case c) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(40_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            StringBuilder head = new StringBuilder(c.method + " " + c.target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n");
            Map<String, String> headers = new LinkedHashMap<>(c.headers);
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (c.body != null) {
                head.append("Content-Length: ").append(c.body.length).append("\r\n");
            }
            head.append("\r\n");
            request.write(head.toString().getBytes(StandardCharsets.UTF_8));
            if (c.body != null) {
                request.write(c.body);
            }
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toByteArray());
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server answered and closed before reading everything (e.g. a header too large): read its answer
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("request " + c.kind + " " + c.method + " " + abbreviate(c.target), e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what came before the timeout or reset is the answer
        }
        return all.toByteArray();
    }

    private static Reply parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.startsWith("HTTP/1.1 ")) {
            return new Reply(0, "", text);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        int end = text.indexOf("\r\n\r\n");
        String headers = end < 0 ? text : text.substring(0, end);
        String contentType = headers.lines().filter(l -> l.regionMatches(true, 0, "Content-Type:", 0, 13))
                .map(l -> l.substring(13).strip()).findFirst().orElse("");
        return new Reply(status, contentType, end < 0 ? "" : text.substring(end + 4));
    }
}
