package io.eventstore.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request's id is on the lines logged on its behalf, whichever thread logs them (the statements
 * Micronaut Data logs on the reads pool, the error of a 500 on the blocking pool), and on no line of
 * another request.
 */
class RequestIdInLogsTest extends ApiTestBase {

    private static final String QUERIES = "io.micronaut.data.query";

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

    @BeforeEach
    void capture() {
        captured.start();
        root().addAppender(captured);
        logger(QUERIES).setLevel(Level.DEBUG);
    }

    @AfterEach
    void stopCapturing() {
        root().detachAppender(captured);
        logger(QUERIES).setLevel(null);
    }

    @Test
    void theStatementsOfARequestCarryItsId() {
        String id = api.create(event("traced"));
        String read = uniqueId("read");
        api.send("GET", "/events/" + id, Map.of(RequestId.HEADER, read), null).assertStatus(200);
        String listed = uniqueId("list");
        api.send("GET", "/events?page[size]=1", Map.of(RequestId.HEADER, listed), null).assertStatus(200);

        List<ILoggingEvent> statements = logged().stream().filter(e -> e.getLoggerName().equals(QUERIES)).toList();
        List<ILoggingEvent> ofRead = statements.stream().filter(e -> read.equals(requestId(e))).toList();
        List<ILoggingEvent> ofList = statements.stream().filter(e -> listed.equals(requestId(e))).toList();
        assertTrue(ofRead.stream().anyMatch(RequestIdInLogsTest::readOfEvents), "the read's statement without its id: " + statements);
        assertTrue(ofList.stream().anyMatch(RequestIdInLogsTest::readOfEvents), "the listing's statement without its id: " + statements);
    }

    /** The statement that reads events, which runs on the pool of reads, not on the event loop where the id was given. */
    private static boolean readOfEvents(ILoggingEvent line) {
        return line.getThreadName().startsWith("reads-executor") && line.getFormattedMessage().contains("FROM event ");
    }

    @Test
    void theErrorOfA500CarriesItsId() {
        String failing = uniqueId("fail");
        api.send("POST", "/events", Map.of("Content-Type", Api.JSON_API, "Idempotency-Key", "explode-" + uniqueId("k"),
                        RequestId.HEADER, failing), event("doomed").json())
                .assertError(500, "internal_error", null, null);
        List<ILoggingEvent> errors = logged().stream().filter(e -> e.getLevel() == Level.ERROR).toList();
        assertTrue(errors.stream().anyMatch(e -> failing.equals(requestId(e))), "the 500's error line has no request id: " + errors);
    }

    @Test
    void aThreadForgetsTheIdOnceTheRequestIsDone() {
        String first = uniqueId("first");
        api.send("GET", "/events?page[size]=1", Map.of(RequestId.HEADER, first), null).assertStatus(200);
        long ofFirst = statementsWithId(first);
        assertTrue(ofFirst >= 1, "the first request's statements carry its id");
        for (int i = 0; i < 20; i++) { // enough requests without an id of the client's to reach every read thread
            api.get("/events?page[size]=1").assertStatus(200);
        }
        assertEquals(ofFirst, statementsWithId(first), "a later request's statement was logged with the first one's id");
        assertEquals(0, logged().stream().filter(e -> e.getLoggerName().equals(QUERIES))
                .filter(e -> e.getThreadName().startsWith("reads-executor"))
                .filter(e -> requestId(e) == null).count(), "a read's statement logged without a request id");
    }

    private long statementsWithId(String id) {
        return logged().stream().filter(e -> e.getLoggerName().equals(QUERIES)).filter(e -> id.equals(requestId(e))).count();
    }

    private List<ILoggingEvent> logged() {
        synchronized (captured) { // background threads (the sequencer, the webhook workers) log meanwhile
            return new ArrayList<>(captured.list);
        }
    }

    private static String requestId(ILoggingEvent event) {
        return event.getMDCPropertyMap().get(RequestId.MDC_KEY);
    }

    private static Logger root() {
        return logger(Logger.ROOT_LOGGER_NAME);
    }

    private static Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }
}
