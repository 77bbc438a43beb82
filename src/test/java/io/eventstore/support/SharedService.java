package io.eventstore.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

import java.lang.reflect.Field;

/**
 * One running service for every API test class of the JVM, as the database is one per JVM: it
 * starts on first use (environment {@code test}), answers on its own port with its own connections,
 * and stops when the test run ends. A test's {@code @Inject} fields are filled from it. A class
 * that needs a configuration of its own says so with {@code @MicronautTest} (and {@code @Property})
 * and gets its own context from micronaut-test instead.
 */
public final class SharedService implements TestInstancePostProcessor {

    private static ApplicationContext context;

    @Override
    public void postProcessTestInstance(Object test, ExtensionContext extension) throws IllegalAccessException {
        if (test.getClass().isAnnotationPresent(MicronautTest.class)) {
            return; // micronaut-test injects it from the class's own context
        }
        ApplicationContext shared = context(extension);
        for (Class<?> type = test.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.isAnnotationPresent(Inject.class)) {
                    field.setAccessible(true);
                    field.set(test, bean(shared, field));
                }
            }
        }
    }

    /** The shared service's context, started once; closed with the test run (the root store closes it). */
    static synchronized ApplicationContext context(ExtensionContext extension) {
        if (context == null) {
            TestDatabase.ensureChosen();
            ApplicationContext started = ApplicationContext.builder().environments("test").start();
            started.getBean(EmbeddedServer.class).start();
            extension.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .put(SharedService.class, (ExtensionContext.Store.CloseableResource) started::close);
            context = started;
        }
        return context;
    }

    private static Object bean(ApplicationContext context, Field field) {
        if (field.getType() == ApplicationContext.class) {
            return context;
        }
        Named named = field.getAnnotation(Named.class);
        return named == null ? context.getBean(field.getType()) : context.getBean(field.getType(), Qualifiers.byName(named.value()));
    }
}
