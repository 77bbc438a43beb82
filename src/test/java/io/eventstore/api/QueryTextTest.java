package io.eventstore.api;

import io.eventstore.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QueryTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"filter[name]=%C0%80", "filter[name]=%ED%A0%80", "filter[name]=%FF", "filter[name]=a%00b",
            "filter[name]=a%0Ab", "filter[name]=%E2%82", "filter[name]=%zz", "filter[name]=%4"})
    void refusesWhatIsNotCleanUtf8(String query) {
        ApiException refusal = assertThrows(ApiException.class, () -> QueryText.check(query));
        assertEquals("filter[name]", refusal.source().parameter());
        assertEquals(400, refusal.status());
    }

    @Test
    void acceptsUtf8AndPlainText() {
        assertDoesNotThrow(() -> QueryText.check("filter%5Bname%5D=caf%C3%A9&page[size]=2&sort=-eventAt&x"));
        assertDoesNotThrow(() -> QueryText.check("filter[name]=%F0%9F%98%80+ok"));
        assertDoesNotThrow(() -> QueryText.check(null));
    }

    @Test
    void aBadNameIsNamedAsSent() {
        assertEquals("filter%FF", assertThrows(ApiException.class, () -> QueryText.check("filter%FF=1")).source().parameter());
    }
}
