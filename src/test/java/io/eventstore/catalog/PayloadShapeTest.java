package io.eventstore.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayloadShapeTest {

    private static PayloadShape.Property p(String path, String type) {
        return new PayloadShape.Property(path, type);
    }

    @Test
    void pathsAndTypesOfEveryKindOfValue() {
        Set<PayloadShape.Property> shape = PayloadShape.of("{\"s\":\"x\",\"n\":1.5,\"b\":false,\"z\":null,"
                + "\"o\":{\"a\":{\"b\":1}},\"l\":[1,\"two\",{\"k\":true},[3]]}");
        assertEquals(List.of(p("s", "string"), p("n", "number"), p("b", "boolean"), p("z", "null"), p("o", "object"),
                p("o.a", "object"), p("o.a.b", "number"), p("l", "array"), p("l[]", "number"), p("l[]", "string"),
                p("l[]", "object"), p("l[].k", "boolean"), p("l[]", "array"), p("l[][]", "number")), List.copyOf(shape));
    }

    @Test
    void boundedInDepthAndCount() {
        Set<PayloadShape.Property> deep = PayloadShape.of("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}");
        assertEquals(Set.of(p("a", "object"), p("a.b", "object"), p("a.b.c", "object"), p("a.b.c.d", "object")), deep,
                "four levels of objects, not the fifth");
        StringBuilder wide = new StringBuilder("{");
        for (int i = 0; i < 500; i++) {
            wide.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        }
        assertEquals(PayloadShape.MAX_PATHS, PayloadShape.of(wide.append('}').toString()).size());
        assertTrue(PayloadShape.of("{\"" + "x".repeat(300) + "\":1}").isEmpty(), "an over-long path is not kept");
        assertTrue(PayloadShape.of(null).isEmpty());
    }
}
