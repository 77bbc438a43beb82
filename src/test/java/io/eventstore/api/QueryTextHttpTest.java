package io.eventstore.api;

import io.eventstore.support.ApiTestBase;
import org.junit.jupiter.api.Test;

import java.util.List;

/** Query strings that do not decode to clean UTF-8 are refused at their parameter, over HTTP, for every route. */
class QueryTextHttpTest extends ApiTestBase {

    @Test
    void invalidUtf8AndNulInAQueryValueAre400AtTheParameter() {
        for (String value : List.of("%C0%80", "%ED%A0%80", "%FF", "a%00b")) {
            api.get("/events?filter[name]=" + value).assertErrorAtParameter(400, "filter[name]");
            api.get("/events/1?fields[event]=" + value).assertErrorAtParameter(400, "fields[event]");
        }
        api.get("/events?filter[name]=caf%C3%A9").assertStatus(200);
    }
}
