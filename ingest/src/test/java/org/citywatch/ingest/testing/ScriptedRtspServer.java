package org.citywatch.ingest.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny RTSP "camera" for tests that misbehaves on purpose: a plain {@link ServerSocket} on 127.0.0.1
 * (port 0) that plays one {@link Script} per accepted connection, on a virtual thread of its own. A script
 * reads the client's requests and answers them however it likes: normally, with garbage, half a reply,
 * a 401 forever, a redirect, RTP frames of any shape, or nothing at all. Ready-made scripts are in
 * {@link Scripts}. Every request received is recorded, so tests can count them.
 *
 * <pre>{@code
 * try (ScriptedRtspServer server = ScriptedRtspServer.start(Scripts.describe(Scripts.sdpAudioOnly()))) {
 *     URI url = server.url("admin:Sup3rS3cret", "/cam");   // rtsp://admin:Sup3rS3cret@127.0.0.1:PORT/cam
 *     ...
 *     server.count("DESCRIBE");
 * }
 * }</pre>
 */
public final class ScriptedRtspServer implements AutoCloseable {

    /** What the server does on one connection. Returning (or throwing) closes the connection. */
    @FunctionalInterface
    public interface Script {
        void play(Connection connection) throws IOException, InterruptedException;
    }

    /**
     * One request as received.
     *
     * @param connection which connection it came on (1 for the first accepted)
     * @param headers    names lower-cased
     */
    public record Request(int connection, String method, String uri, Map<String, String> headers) {

        public String cseq() {
            return headers.getOrDefault("cseq", "0");
        }

        public String path() {
            return URI.create(uri).getPath();
        }
    }

    private final Script script;
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ScriptedRtspServer(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("scripted-rtsp-accept-" + server.getLocalPort()).start(this::acceptLoop);
    }

    public static ScriptedRtspServer start(Script script) {
        try {
            return new ScriptedRtspServer(script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code rtsp://127.0.0.1:PORT<path>}. */
    public URI url(String path) {
        return URI.create("rtsp://127.0.0.1:" + port() + path);
    }

    /** {@code rtsp://<userInfo>@127.0.0.1:PORT<path>}. */
    public URI url(String userInfo, String path) {
        return URI.create("rtsp://" + userInfo + "@127.0.0.1:" + port() + path);
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Every request received, on all connections, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests received with this method. */
    public long count(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).count();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(ScriptedRtspServer::closeQuietly);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            int id = connections.incrementAndGet();
            open.add(socket);
            Thread.ofVirtual().name("scripted-rtsp-" + port() + "-" + id).start(() -> {
                try (socket) {
                    socket.setTcpNoDelay(true);
                    script.play(new Connection(id, socket));
                } catch (IOException | InterruptedException | RuntimeException e) {
                    // the client went away, or the script gave up: the connection ends either way
                } finally {
                    open.remove(socket);
                }
            });
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** One accepted connection, as a script sees it. Writes are synchronized: two threads may write. */
    public final class Connection {
        private final int id;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final Deque<Request> unread = new ArrayDeque<>();

        private Connection(int id, Socket socket) throws IOException {
            this.id = id;
            this.socket = socket;
            this.in = new java.io.BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        public ScriptedRtspServer server() {
            return ScriptedRtspServer.this;
        }

        /** The next request (start line and headers; client requests carry no body), or null at end of stream. */
        public Request next() throws IOException {
            if (!unread.isEmpty()) {
                return unread.pop();
            }
            String line;
            do {
                line = readLine();
                if (line == null) {
                    return null;
                }
            } while (line.isEmpty());
            String[] start = line.split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = readLine(); h != null && !h.isEmpty(); h = readLine()) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
            }
            Request r = new Request(id, start[0], start.length > 1 ? start[1] : "", headers);
            requests.add(r);
            return r;
        }

        /** Gives a request back: the next {@link #next()} returns it again. */
        public void unread(Request r) {
            unread.push(r);
        }

        /** Answers with a status, extra header lines ("Name: value") and an optional body (Content-Length added). */
        public void reply(Request r, int code, String reason, String body, String... headers) throws IOException {
            StringBuilder s = new StringBuilder("RTSP/1.0 ").append(code).append(' ').append(reason).append("\r\n");
            s.append("CSeq: ").append(r.cseq()).append("\r\n");
            for (String h : headers) {
                s.append(h).append("\r\n");
            }
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (content.length > 0) {
                s.append("Content-Length: ").append(content.length).append("\r\n");
            }
            s.append("\r\n");
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(s.toString().getBytes(StandardCharsets.ISO_8859_1));
            b.writeBytes(content);
            write(b.toByteArray());
        }

        /** Raw bytes, as they are. */
        public synchronized void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** An interleaved frame: '$', channel, the 16-bit length of the payload, the payload. */
        public void interleaved(int channel, byte[] payload) throws IOException {
            byte[] f = new byte[4 + payload.length];
            f[0] = '$';
            f[1] = (byte) channel;
            f[2] = (byte) (payload.length >> 8);
            f[3] = (byte) payload.length;
            System.arraycopy(payload, 0, f, 4, payload.length);
            write(f);
        }

        /** Reads and records whatever the client still sends, answering nothing, until it closes. */
        public void holdOpen() throws IOException {
            while (next() != null) {
                // silence
            }
        }

        /** Closes the connection now (a FIN: everything the client sent was read). */
        public void close() throws IOException {
            socket.close();
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
