package io.eventstore.explorer;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The explorer's pure JavaScript (the stream's parser, the histogram's periods and ranges, query
 * strings) under Node's own test runner: src/test/browser/explorer-units.test.mjs against the page's
 * modules as they are served. Needs node (skipped without it, failed where the browser tests are
 * required, as in CI).
 */
class ExplorerScriptsTest {

    @Test
    void theExplorersPureModulesPassTheirUnitTests() throws IOException, InterruptedException {
        boolean node = new ProcessBuilder("node", "--version").start().waitFor() == 0;
        if (Boolean.parseBoolean(System.getenv("EVENT_STORE_REQUIRE_BROWSER"))) {
            assertTrue(node, "node missing (see .ci/run)");
        }
        Assumptions.assumeTrue(node, "no node here");

        // the modules are ES modules in .js files: beside a package.json that says so, node loads them as such
        Path dir = Files.createDirectories(Path.of("target/explorer-units/explorer"));
        Files.writeString(dir.getParent().resolve("package.json"), "{\"type\": \"module\"}\n");
        try (var modules = Files.list(Path.of("src/main/resources/explorer"))) {
            for (Path module : modules.filter(p -> p.toString().endsWith(".js")).toList()) {
                Files.copy(module, dir.resolve(module.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path tests = dir.getParent().resolve("explorer-units.test.mjs");
        Files.copy(Path.of("src/test/browser/explorer-units.test.mjs"), tests, StandardCopyOption.REPLACE_EXISTING);

        Process run = new ProcessBuilder("node", "--test", tests.toString()).redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "node --test finished");
        assertEquals(0, run.exitValue(), out);
        assertTrue(out.contains("# fail 0") && !out.contains("# pass 0"), out);
    }
}
