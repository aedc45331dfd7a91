package org.citywatch.api.push;

/** How a client is connected: a WebSocket ({@code /ws/alerts}) or Server-Sent Events ({@code /api/events}). */
public enum Transport {
    WS("ws"), SSE("sse");

    /** The metrics tag. */
    public final String tag;

    Transport(String tag) {
        this.tag = tag;
    }
}
