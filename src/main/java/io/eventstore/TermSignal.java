package io.eventstore;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * SIGTERM (an orchestrator's stop) as a normal end: the shutdown hooks run (graceful shutdown),
 * then the process exits 0 instead of 143. Through reflection because the JDK has no public API
 * for signals; javac would warn about every direct use of {@code sun.misc.Signal}. Where that class
 * is missing, the JVM's own handling stays (hooks run, exit 143).
 */
final class TermSignal {

    private TermSignal() {
    }

    static void exitZero() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            InvocationHandler exit = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    System.exit(0);
                }
                return null;
            };
            Object onTerm = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[]{handler}, exit);
            signal.getMethod("handle", signal, handler).invoke(null, signal.getConstructor(String.class).newInstance("TERM"), onTerm);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("event-store: SIGTERM will exit 143 (no signal handling here: " + e + ")");
        }
    }
}
