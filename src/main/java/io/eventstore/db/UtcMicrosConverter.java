package io.eventstore.db;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.data.model.runtime.convert.AttributeConverter;
import jakarta.inject.Singleton;

import java.time.Instant;

/** The converter of {@link UtcMicros}: Instant to and from {@link SqlTime} text. */
@Singleton
public class UtcMicrosConverter implements AttributeConverter<Instant, String> {

    @Override
    public String convertToPersistedValue(Instant instant, ConversionContext context) {
        return SqlTime.of(instant);
    }

    @Override
    public Instant convertToEntityValue(String text, ConversionContext context) {
        return SqlTime.parse(text);
    }
}
