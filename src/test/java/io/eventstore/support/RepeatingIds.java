package io.eventstore.support;

import io.eventstore.ids.IdGenerator;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The id generator of the tests: draws the ids a test tells it to (to collide with a stored event,
 * as two instances sharing a worker id would) before drawing fresh ones. On in the test environment.
 */
@Singleton
@Replaces(IdGenerator.class)
@Requires(property = "test.id-collisions", value = "true")
public class RepeatingIds extends IdGenerator {

    private final Deque<Long> next = new ArrayDeque<>();

    RepeatingIds(@Value("${event-store.ids.worker-id:-1}") long workerId, Clock clock) {
        super(workerId, clock);
    }

    /** The next id drawn is this one. */
    public synchronized void repeat(long id) {
        next.add(id);
    }

    @Override
    public synchronized long next() {
        Long forced = next.poll();
        return forced != null ? forced : super.next();
    }
}
