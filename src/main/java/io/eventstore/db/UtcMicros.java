package io.eventstore.db;

import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An {@code Instant} of a repository (an entity's property or a query's parameter) that goes to the
 * database as {@link SqlTime} text, so that its microseconds survive on every server.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@TypeDef(type = DataType.STRING, converter = UtcMicrosConverter.class)
public @interface UtcMicros {
}
