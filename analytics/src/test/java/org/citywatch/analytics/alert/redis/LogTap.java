package org.citywatch.analytics.alert.redis;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** What the store's classes log while a test runs (at WARN and above). Detached on close. */
final class LogTap extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("org.citywatch.analytics.alert.redis");
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    LogTap() {
        start();
        logger.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)) {
            events.add(event);
        }
    }

    /** The formatted warnings and errors that contain {@code text}. */
    List<String> containing(String text) {
        return events.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(text)).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
