package io.eventstore.bench;

/**
 * The account the benchmarks' plain-JDBC ceilings use: the embedded database's own (src/bench/service.sh
 * reads it from the embedded directory's credentials file into BENCH_DB_USER and BENCH_DB_PASSWORD).
 */
final class BenchDatabase {

    private BenchDatabase() {
    }

    static String user() {
        return System.getenv().getOrDefault("BENCH_DB_USER", "root");
    }

    static String password() {
        return System.getenv().getOrDefault("BENCH_DB_PASSWORD", "");
    }
}
