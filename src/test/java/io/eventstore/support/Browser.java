package io.eventstore.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core from
 * npm, both installed by .ci/run into {@code EVENT_STORE_BROWSER_TOOLS} (default target/browser-tools).
 * A test runs a script of src/test/browser/ with node and gets the JSON object it prints last. Where
 * the tools are missing the test is skipped, unless {@code EVENT_STORE_REQUIRE_BROWSER=true} (as in CI)
 * makes that a failure.
 */
public final class Browser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Browser() {
    }

    public static Path tools() {
        return Path.of(System.getenv().getOrDefault("EVENT_STORE_BROWSER_TOOLS", "target/browser-tools")).toAbsolutePath();
    }

    /** Skips the calling test where there is no browser, or fails it where one is required. */
    public static void assumeAvailable() {
        boolean available = Files.isExecutable(Path.of("/usr/bin/chromium"))
                && Files.isDirectory(tools().resolve("node_modules/playwright-core"));
        if (Boolean.parseBoolean(System.getenv("EVENT_STORE_REQUIRE_BROWSER"))) {
            assertTrue(available, "Chromium or playwright-core missing (see .ci/run)");
        }
        Assumptions.assumeTrue(available, "no Chromium/playwright-core here: run .ci/run to install them");
    }

    /**
     * Runs {@code src/test/browser/<script>} (with the other scripts beside it, next to node_modules
     * where node finds playwright-core) with the configuration as its argument, and answers the last
     * line it printed, a JSON object. A non-zero exit fails the test with what the script wrote.
     */
    public static JsonNode run(String script, Object config, Duration timeout) throws IOException, InterruptedException {
        Path tools = tools();
        try (var scripts = Files.list(Path.of("src/test/browser"))) {
            for (Path file : scripts.toList()) {
                Files.copy(file, tools.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path err = Files.createTempFile("browser-", ".log");
        Process node = new ProcessBuilder("node", tools.resolve(script).toString(), JSON.writeValueAsString(config))
                .redirectError(err.toFile())
                .start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!node.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            node.destroyForcibly();
            fail(script + " did not finish within " + timeout + ": " + Files.readString(err));
        }
        String log = Files.readString(err);
        Files.deleteIfExists(err);
        assertEquals(0, node.exitValue(), script + " failed:\n" + log + "\n" + out);
        return JSON.readTree(out.lines().reduce((first, last) -> last).orElse("{}"));
    }
}
