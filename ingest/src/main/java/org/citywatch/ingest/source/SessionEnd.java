package org.citywatch.ingest.source;

/** How one attempt at a stream ended; decides the camera's next state and how soon it is retried. */
public sealed interface SessionEnd {

    /** Why, in words an operator can act on (never with credentials). */
    String reason();

    /** A failure worth retrying soon: refused, timed out, closed, garbage. */
    record Failed(String reason) implements SessionEnd {
    }

    /** The camera rejected the credentials. */
    record Unauthorized(String reason) implements SessionEnd {
    }

    /** A codec or transport we cannot use. */
    record Unsupported(String reason) implements SessionEnd {
    }

    /** The stream ended normally (a server that closed, a file that does not loop). */
    record Ended(String reason) implements SessionEnd {
    }
}
