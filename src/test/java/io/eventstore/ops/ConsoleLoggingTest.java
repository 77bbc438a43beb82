package io.eventstore.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The logging the service sets up in code (unit: a fresh logback context, no service). */
class ConsoleLoggingTest {

    @Test
    void oneConsoleAppenderAtInfoWithChattyLibrariesQuieter() {
        LoggerContext context = new LoggerContext();
        ConsoleLogging.configureConsole(context, "System.out", null);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDOUT");
        assertTrue(console.isStarted());
        assertEquals("System.out", console.getTarget());
        assertEquals(Level.WARN, context.getLogger("io.crnk").getLevel());
        assertEquals(Level.WARN, context.getLogger("com.zaxxer.hikari").getLevel());
        assertEquals(Level.ERROR, context.getLogger("org.flywaydb.core.internal.database.base.Database").getLevel());
        assertFalse(context.getLogger("io.crnk.core.engine").isInfoEnabled(), "a child inherits the quieter level");
        assertTrue(context.getLogger("io.eventstore.api.EventApi").isInfoEnabled());
    }

    @Test
    void theAdminCommandsSendItToStderrOrSilenceEverything() {
        LoggerContext context = new LoggerContext();
        ConsoleLogging.configureConsole(context, "System.err", "OFF");

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.OFF, root.getLevel());
        assertEquals("System.err", ((ConsoleAppender<ILoggingEvent>) root.getAppender("STDOUT")).getTarget());
        ConsoleLogging.QUIET.keySet().forEach(name -> assertEquals(Level.OFF, context.getLogger(name).getLevel(), name));
    }

    @Test
    void aLineLoggedForARequestNamesItsRequestIdAndOtherLinesDoNot() {
        LoggerContext context = new LoggerContext();
        ConsoleLogging.configureConsole(context, "System.out", null);
        PatternLayoutEncoder encoder = (PatternLayoutEncoder) ((ConsoleAppender<ILoggingEvent>) context
                .getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).getEncoder();
        Logger logger = context.getLogger("io.eventstore.api.EventApi");

        LoggingEvent forRequest = new LoggingEvent("x", logger, Level.WARN, "slow answer", null, null);
        forRequest.setMDCPropertyMap(Map.of("requestId", "r-42"));
        LoggingEvent outside = new LoggingEvent("x", logger, Level.INFO, "started", null, null);
        outside.setMDCPropertyMap(Map.of());

        String withId = new String(encoder.encode(forRequest), StandardCharsets.UTF_8);
        String without = new String(encoder.encode(outside), StandardCharsets.UTF_8);
        assertTrue(withId.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[.*] io\\.eventstore\\.api\\.EventApi request=r-42 - slow answer\\R"), withId);
        assertTrue(without.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.*] io\\.eventstore\\.api\\.EventApi - started\\R"), without);
    }
}
