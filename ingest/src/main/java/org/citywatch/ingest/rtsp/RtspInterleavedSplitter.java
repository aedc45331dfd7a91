package org.citywatch.ingest.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.rtsp.RtspDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Splits an RTSP-over-TCP byte stream (RFC 2326 section 10.12) into {@link InterleavedFrame}s
 * ({@code '$'}, channel, 16-bit length, packet) and whole RTSP messages, each passed on as one retained
 * {@link ByteBuf} slice (start line, headers, Content-Length body) for Netty's {@code RtspDecoder} placed
 * after this handler; frames pass through that decoder untouched, as it only decodes ByteBufs.
 *
 * <p>Bytes that start neither a frame nor an RTSP message (a response line "RTSP/..." or a request line
 * "METHOD uri RTSP/1.0" sent by the server) are garbage after a lost sync: skipped up to the next candidate
 * and counted in {@link #skippedBytes()}. A header block over {@value #MAX_HEADER_BYTES} bytes or a
 * Content-Length that is invalid or over {@value #MAX_CONTENT_LENGTH} closes the channel and fires an
 * {@link RtspProtocolException}. So at most one unit is ever buffered: a frame (65539 bytes) or a
 * message (header cap plus body cap).
 */
public final class RtspInterleavedSplitter extends ByteToMessageDecoder {

    public static final int MAX_HEADER_BYTES = 16 * 1024;
    public static final int MAX_CONTENT_LENGTH = 1024 * 1024;
    /** A request line longer than this is taken for garbage: real ones are a URL plus a few words. */
    static final int MAX_REQUEST_LINE = 4096;
    private static final byte[] RESPONSE_START = "RTSP/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST_VERSION = " RTSP/1.0".getBytes(StandardCharsets.US_ASCII);
    private static final int NEED_MORE = -1;
    private static final int NOT_MESSAGE = -2;

    private long skippedBytes;
    private boolean failed;
    /** How far (from the reader index) the search for the end of the header block got: no rescans. */
    private int headerScanned;

    /**
     * The {@link RtspDecoder} to put after this splitter: header cap as ours (Netty's default is 8 KiB) and
     * bare-LF line ends accepted, as here (Netty 4.2 rejects them by default; some cameras send them).
     * Follow it with an {@code HttpObjectAggregator(MAX_CONTENT_LENGTH)} for whole messages.
     */
    public static RtspDecoder newRtspDecoder() {
        return new RtspDecoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_HEADER_BYTES)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setChunkedSupported(false)
                .setStrictLineParsing(false));
    }

    /** Bytes dropped as garbage since the connection started. */
    public long skippedBytes() {
        return skippedBytes;
    }

    /** Bytes held waiting for the rest of a frame or message. */
    public int bufferedBytes() {
        return internalBuffer().readableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.isReadable()) {
            int start = in.readerIndex();
            if (in.getByte(start) == '$') {
                if (in.readableBytes() < 4) {
                    return;
                }
                int length = in.getUnsignedShort(start + 2);
                if (in.readableBytes() < 4 + length) {
                    return;
                }
                byte[] payload = new byte[length];
                in.getBytes(start + 4, payload);
                out.add(new InterleavedFrame(in.getUnsignedByte(start + 1), payload));
                consume(in, 4 + length);
                continue;
            }
            int startLine = startLineEnd(in, start);
            if (startLine == NEED_MORE) {
                return;
            }
            if (startLine == NOT_MESSAGE) {
                skipGarbage(in);
                continue;
            }
            int headerEnd = headerEnd(in, start);
            if (headerEnd < 0) {
                if (in.readableBytes() > MAX_HEADER_BYTES) {
                    fail(ctx, in, "RTSP header block longer than " + MAX_HEADER_BYTES + " bytes");
                }
                return;
            }
            int total = headerEnd - start + contentLength(ctx, in, start, headerEnd);
            if (in.readableBytes() < total) {
                return;
            }
            out.add(in.retainedSlice(start, total));
            consume(in, total);
        }
    }

    /**
     * Whether {@code start} begins an RTSP message: a status line "RTSP/..." (RFC 2326 section 7.1) or a
     * request line "Method SP Request-URI SP RTSP/1.0" (section 6.1). Returns 0 when it does, else
     * {@link #NEED_MORE} or {@link #NOT_MESSAGE}.
     */
    private static int startLineEnd(ByteBuf in, int start) {
        int end = in.writerIndex();
        int i = 0;
        while (i < RESPONSE_START.length && start + i < end && in.getByte(start + i) == RESPONSE_START[i]) {
            i++;
        }
        if (i == RESPONSE_START.length) {
            return 0;
        }
        if (start + i == end) {
            return NEED_MORE; // so far a prefix of "RTSP/"
        }
        // Request line: method token, one space, a URI without blanks or controls, " RTSP/1.0", CRLF or LF.
        int p = start;
        while (p < end && isMethodChar(in.getByte(p))) {
            p++;
        }
        if (p == start || p - start > 32) {
            return p == end && p - start <= 32 ? NEED_MORE : NOT_MESSAGE;
        }
        if (p == end) {
            return NEED_MORE;
        }
        if (in.getByte(p++) != ' ') {
            return NOT_MESSAGE;
        }
        int uriStart = p;
        while (p < end && in.getByte(p) > ' ' && in.getByte(p) < 0x7f) {
            if (p - start > MAX_REQUEST_LINE) {
                return NOT_MESSAGE;
            }
            p++;
        }
        if (p == end) {
            return NEED_MORE;
        }
        if (p == uriStart) {
            return NOT_MESSAGE;
        }
        for (byte b : REQUEST_VERSION) {
            if (p == end) {
                return NEED_MORE;
            }
            if (in.getByte(p++) != b) {
                return NOT_MESSAGE;
            }
        }
        if (p < end && in.getByte(p) == '\r') {
            p++;
        }
        return p == end ? NEED_MORE : in.getByte(p) == '\n' ? 0 : NOT_MESSAGE;
    }

    private static boolean isMethodChar(byte b) {
        return (b >= 'A' && b <= 'Z') || b == '_' || b == '-';
    }

    /** Index just past the empty line ending the headers (CRLFCRLF, LFLF or a mix), or -1. */
    private int headerEnd(ByteBuf in, int start) {
        int limit = Math.min(in.writerIndex(), start + MAX_HEADER_BYTES);
        for (int i = Math.max(start, start + headerScanned - 2); i < limit; i++) {
            if (in.getByte(i) != '\n') {
                continue;
            }
            if (i + 1 < limit && in.getByte(i + 1) == '\n') {
                return i + 2;
            }
            if (i + 2 < limit && in.getByte(i + 1) == '\r' && in.getByte(i + 2) == '\n') {
                return i + 3;
            }
        }
        headerScanned = limit - start;
        return -1;
    }

    /** RFC 2326 section 12.14: the body length; absent means none. Invalid, negative or over the cap: fatal. */
    private int contentLength(ChannelHandlerContext ctx, ByteBuf in, int start, int headerEnd) {
        String headers = in.toString(start, headerEnd - start, StandardCharsets.ISO_8859_1);
        String found = null;
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                String value = line.substring(colon + 1).trim();
                if (found != null && !found.equals(value)) {
                    fail(ctx, in, "conflicting Content-Length headers: " + found + " and " + shorten(value));
                }
                found = value;
            }
        }
        if (found == null) {
            return 0;
        }
        if (!found.matches("[0-9]{1,10}")) {
            fail(ctx, in, "invalid Content-Length: " + shorten(found));
        }
        long length = Long.parseLong(found);
        if (length > MAX_CONTENT_LENGTH) {
            fail(ctx, in, "Content-Length " + length + " is over the cap of " + MAX_CONTENT_LENGTH + " bytes");
        }
        return (int) length;
    }

    /** Drops the byte at the reader index and everything up to the next '$' or upper-case letter. */
    private void skipGarbage(ByteBuf in) {
        int i = in.readerIndex() + 1;
        int end = in.writerIndex();
        while (i < end) {
            byte b = in.getByte(i);
            if (b == '$' || (b >= 'A' && b <= 'Z')) {
                break;
            }
            i++;
        }
        skippedBytes += i - in.readerIndex();
        consume(in, i - in.readerIndex());
    }

    private void consume(ByteBuf in, int n) {
        in.skipBytes(n);
        headerScanned = 0;
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, String message) {
        failed = true;
        in.skipBytes(in.readableBytes());
        ctx.close();
        throw new RtspProtocolException(message);
    }

    private static String shorten(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 37) + "...";
    }
}
