package io.eventstore.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.Map;

/**
 * The service's logging, set up in code instead of a {@code logback.xml}: reading XML made logback
 * load an XML parser and its configuration engine, about 0.4 s of every start on two cores
 * (docs/benchmarks.md#start-up). An operator's own file ({@code -Dlogback.configurationFile=...})
 * and the tests' {@code logback-test.xml} still win: then this steps aside.
 * <p>
 * One console appender; the admin commands send it to stderr ({@code eventstore.log.target}) and may
 * silence everything ({@code eventstore.log.level}, which also replaces every level below).
 */
public class ConsoleLogging extends ContextAwareBase implements Configurator {

    /** A line logged for a request carries its X-Request-Id: {@code request=<id>}. */
    static final String PATTERN =
            "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} %replace(request=%X{requestId} ){'request= ', ''}- %msg%n";
    /** Libraries that say too much at INFO. */
    static final Map<String, Level> QUIET = Map.of(
            "io.crnk", Level.WARN,
            "ch.vorburger", Level.WARN,
            "org.flywaydb", Level.WARN,
            // Flyway warns at every start that MariaDB 11.4 (the embedded server) is newer than the 11.2
            // it was tested with; the migrations are plain SQL that the suite runs on 11.4 and 10.11
            "org.flywaydb.core.internal.database.base.Database", Level.ERROR,
            "com.zaxxer.hikari", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || ConsoleLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configureConsole(context, System.getProperty("eventstore.log.target", "System.out"),
                System.getProperty("eventstore.log.level"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The console appender on the root logger; {@code level}, when given, replaces every level. */
    static void configureConsole(LoggerContext context, String target, String level) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setTarget(target);
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        root.addAppender(console);
        QUIET.forEach((name, quiet) -> context.getLogger(name).setLevel(Level.toLevel(level, quiet)));
    }
}
