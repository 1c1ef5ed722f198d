package io.clusterwise.bench.gateway;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;

/**
 * The benchmark's HTTP/1.1 client: one blocking socket per request, read by the thread that waits for it, kept alive
 * and reused like any client's connection pool. It replaces {@code java.net.http.HttpClient}, whose one selector
 * thread, worker pool and body queue put three thread hand-offs between the socket and the reader of every line:
 * with 200 streams at once that is CPU the benchmark's own client takes from the two cores it shares with the
 * system under test — more on the "through" side, whose answers have more events — and it showed up as a large part
 * of the measured difference. Both sides (straight to the double and through the gateway) use this same client.
 */
final class PlainHttp {

    /** What a response line handler says. */
    interface Lines {
        /** @return true when this line ends what is measured (the rest of the body is then read and dropped) */
        boolean line(String line) throws IOException;
    }

    private static final ConcurrentMap<String, Queue<Socket>> IDLE = new ConcurrentHashMap<>();

    private PlainHttp() {
    }

    /**
     * POSTs {@code body} and hands each line of the response body to {@code lines} until it says stop.
     *
     * @param onHeaders called once the status line and headers have been read, with the status
     * @return the status code
     */
    static int post(URI uri, String body, String accept, Duration timeout, java.util.function.IntConsumer onHeaders,
                    Lines lines) throws IOException {
        String key = uri.getHost() + ":" + uri.getPort();
        Socket socket = IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).poll();
        boolean reused = socket != null;
        if (socket == null) {
            socket = connect(uri, timeout);
        }
        try {
            return exchange(socket, key, uri, body, accept, onHeaders, lines);
        } catch (NoResponse e) {
            if (!reused) {
                throw e;
            }
            // the server closed an idle kept-alive connection: once more on a new one, as any pool does
            socket.close();
            return exchange(connect(uri, timeout), key, uri, body, accept, onHeaders, lines);
        }
    }

    private static Socket connect(URI uri, Duration timeout) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) Math.min(30_000,
                timeout.toMillis()));
        socket.setSoTimeout((int) timeout.toMillis());
        return socket;
    }

    private static int exchange(Socket socket, String key, URI uri, String body, String accept,
                                java.util.function.IntConsumer onHeaders, Lines lines) throws IOException {
        boolean keep = false;
        try {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + key
                    + "\r\nContent-Type: application/json\r\nAccept: " + accept
                    + "\r\nContent-Length: " + content.length + "\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            byte[] request = new byte[head.length() + content.length];
            System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, request, 0, head.length());
            System.arraycopy(content, 0, request, head.length(), content.length);
            out.write(request);
            out.flush();

            InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
            String status = readLine(in);
            if (status == null) {
                throw new NoResponse();
            }
            int code = Integer.parseInt(status.split(" ", 3)[1]);
            boolean chunked = false;
            long length = -1;
            boolean close = false;
            for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring("content-length:".length()).trim());
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            onHeaders.accept(code);
            InputStream content0 = chunked ? new Chunked(in) : length >= 0 ? new Limited(in, length) : in;
            boolean stopped = false;
            for (String line = readLine(content0); line != null; line = readLine(content0)) {
                if (!stopped && lines.line(line)) {
                    stopped = true;
                }
            }
            keep = !close && (chunked || length >= 0);
            return code;
        } finally {
            if (keep) {
                IDLE.get(key).add(socket);
            } else {
                socket.close();
            }
        }
    }

    /** The connection ended before a status line: nothing was answered, the request may be sent again. */
    private static final class NoResponse extends EOFException {
        NoResponse() {
            super("connection closed before the status line");
        }
    }

    /** One line without its end ({@code \n} or {@code \r\n}); null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /** A chunked body (RFC 9112 §7.1), ending at its last chunk; trailers are skipped. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = readLine(in);
                if (size == null) {
                    throw new EOFException("the chunked body ended early");
                }
                int ext = size.indexOf(';');
                left = Long.parseLong((ext < 0 ? size : size.substring(0, ext)).trim(), 16);
                if (left == 0) {
                    for (String trailer = readLine(in); trailer != null && !trailer.isEmpty();
                         trailer = readLine(in)) {
                        // skip
                    }
                    done = true;
                    return -1;
                }
            }
            int b = in.read();
            if (b == -1) {
                throw new EOFException("the chunked body ended early");
            }
            if (--left == 0) {
                readLine(in); // the CRLF after the chunk's data
            }
            return b;
        }
    }

    /** A body with a Content-Length. */
    private static final class Limited extends InputStream {
        private final InputStream in;
        private long left;

        Limited(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                return -1;
            }
            int b = in.read();
            if (b != -1) {
                left--;
            }
            return b;
        }
    }
}
