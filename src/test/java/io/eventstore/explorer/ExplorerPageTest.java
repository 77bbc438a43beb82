package io.eventstore.explorer;

import io.eventstore.event.EventField;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.OwnService;
import io.eventstore.support.Reply;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /explorer} over HTTP: the page and its files without a token, with the headers that keep
 * event data from running as code in it, revalidated by ETag; every file it loads is served; nothing
 * in it needs what its Content-Security-Policy forbids (inline scripts or styles).
 */
class ExplorerPageTest extends ApiTestBase {

    @Inject
    Environment environment;

    private static final Pattern LOADED = Pattern.compile("(?:src|href)=\"(/explorer/[^\"]+)\"");
    private static final Pattern IMPORTED = Pattern.compile("from '\\./([a-z-]+\\.js)'");

    @Test
    void thePageNeedsNoTokenAndCarriesAStrictContentSecurityPolicy() {
        Reply page = browser("/explorer").assertStatus(200);
        assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
        String policy = page.header("Content-Security-Policy");
        for (String directive : List.of("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'", "form-action 'none'", "base-uri 'none'")) {
            assertTrue(policy.contains(directive), directive + " in " + policy);
        }
        assertEquals("no-referrer", page.header("Referrer-Policy"));
        assertEquals("DENY", page.header("X-Frame-Options"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertEquals("no-cache", page.header("Cache-Control"));
        assertTrue(page.text().contains("<title>Event store explorer</title>"));
    }

    @Test
    void everyFileThePageLoadsIsServedWithItsTypeAndNothingElseIsOpen() {
        String html = browser("/explorer").text();
        List<String> files = new ArrayList<>(matches(LOADED, html));
        assertEquals(List.of("/explorer/explorer.css", "/explorer/explorer.js"), files);
        for (String module : List.of("explorer.js", "api.js", "live.js", "histogram.js")) {
            Reply script = browser("/explorer/" + module).assertStatus(200);
            assertEquals("text/javascript; charset=utf-8", script.header("Content-Type"), module);
            for (String imported : matches(IMPORTED, script.text())) {
                browser("/explorer/" + imported).assertStatus(200);
            }
        }
        assertEquals("text/css; charset=utf-8", browser("/explorer/explorer.css").assertStatus(200).header("Content-Type"));
        // any other path under it is the API's: a token is needed, and with one it is not found
        api.anonymous().get("/explorer/secrets.txt").assertStatus(401);
        api.get("/explorer/secrets.txt").assertError(404, "not_found", null, null);
    }

    @Test
    void nothingInThePageNeedsInlineScriptOrStyle() {
        String html = browser("/explorer").text();
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find(), "no inline script");
        assertFalse(html.contains(" style="), "no style attribute");
        assertFalse(Pattern.compile(" on[a-z]+=").matcher(html).find(), "no inline event handler");
        for (String module : List.of("explorer.js", "api.js", "live.js", "histogram.js")) {
            String script = browser("/explorer/" + module).text();
            assertFalse(script.contains("innerHTML") || script.contains("insertAdjacentHTML") || script.contains("eval("),
                    module + " writes text, never HTML");
            assertFalse(script.contains("setAttribute('style'"), module + " sets styles through CSSOM only");
        }
    }

    @Test
    void theRelationshipsToSearchByComeFromTheFieldTable() {
        String html = browser("/explorer").text();
        String select = html.substring(html.indexOf("<select id=\"rel-type\">"), html.indexOf("</select>", html.indexOf("<select id=\"rel-type\">")));
        List<String> offered = matches(Pattern.compile("<option value=\"([a-z]+)\""), select);
        assertEquals(EventField.RELATIONSHIPS.stream().map(EventField::jsonName).toList(), offered);
        assertTrue(html.contains("<option value=\"prospect\" selected>"));
    }

    @Test
    void aBrowserThatHoldsTheFilesRevalidatesThemWithoutDownloadingThemAgain() {
        for (String path : List.of("/explorer", "/explorer/explorer.js", "/explorer/explorer.css")) {
            Reply first = browser(path).assertStatus(200);
            String etag = first.header("ETag");
            assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);
            Reply again = api.anonymous().send("GET", path, Map.of("Accept", "*/*", "If-None-Match", etag), null).assertStatus(304);
            assertEquals(etag, again.header("ETag"));
            assertEquals("", again.text());
            api.anonymous().send("GET", path, Map.of("Accept", "*/*", "If-None-Match", "\"stale\""), null).assertStatus(200);
        }
        Reply head = api.anonymous().send("HEAD", "/explorer", Map.of("Accept", "text/html"), null).assertStatus(200);
        assertEquals("", head.text());
        assertEquals("text/html; charset=utf-8", head.header("Content-Type"));
    }

    @Test
    void aRequestWithATokenIsNotKeptInAnyCacheButThePageIsTheSame() {
        Reply page = api.send("GET", "/explorer", Map.of("Accept", "text/html"), null).assertStatus(200);
        assertEquals("no-store", page.header("Cache-Control"), "answers to a token are never stored");
        assertEquals(browser("/explorer").text(), page.text());
        assertNull(browser("/explorer").header("Set-Cookie"), "no cookie");
    }

    @Test
    void anOperatorCanLeaveItOut() {
        try (EmbeddedServer without = OwnService.start(environment, Map.of("event-store.explorer.enabled", "false"))) {
            Api other = new Api(without.getURI(), token);
            other.anonymous().send("GET", "/explorer", Map.of("Accept", "text/html"), null).assertStatus(401);
            other.get("/explorer").assertError(404, "not_found", null, null);
            other.get("/explorer/explorer.js").assertError(404, "not_found", null, null);
        }
    }

    /** What a browser sends for a page: no token, Accept of HTML first. */
    private Reply browser(String path) {
        return api.anonymous().send("GET", path, Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"), null);
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
