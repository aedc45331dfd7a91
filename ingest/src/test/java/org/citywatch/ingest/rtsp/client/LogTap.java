package org.citywatch.ingest.rtsp.client;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.citywatch.ingest.source.SupervisedCameraSource;
import org.slf4j.LoggerFactory;

/**
 * Everything logged while a test runs (root logger; org.citywatch at DEBUG, so that debug lines are
 * checked for credentials too). Detached on close.
 */
final class LogTap extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger citywatch = (Logger) LoggerFactory.getLogger("org.citywatch");
    private final Level citywatchLevel = citywatch.getLevel();
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    LogTap() {
        start();
        root.addAppender(this);
        citywatch.setLevel(Level.DEBUG);
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
    }

    /** The supervisor's warnings about this camera: "Camera ID STATUS: reason (next attempt in ...)". */
    List<String> failuresOf(String id) {
        return events.stream()
                .filter(e -> e.getLoggerName().equals(SupervisedCameraSource.class.getName()))
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("Camera " + id + " "))
                .toList();
    }

    String all() {
        StringBuilder b = new StringBuilder();
        for (ILoggingEvent e : events) {
            b.append(e.getFormattedMessage()).append('\n');
            for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                b.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        citywatch.setLevel(citywatchLevel);
        root.detachAppender(this);
        stop();
    }
}
