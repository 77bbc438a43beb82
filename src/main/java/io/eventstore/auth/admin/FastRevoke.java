package io.eventstore.auth.admin;

import io.eventstore.auth.ApiTokenRepository;
import io.eventstore.auth.OrgRepository;
import io.eventstore.db.DatabaseConfigurer;
import io.eventstore.db.SqlTime;
import io.eventstore.time.ServiceClock;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * {@code admin token revoke} without the application context: revoking a leaked token should take
 * about a second, not the few seconds a context start costs. One JDBC connection to the configured
 * database (or the embedded server that runs now) and the repositories' own statements, their named
 * parameters bound in order. When there is no database to reach without starting one, the caller
 * takes the ordinary path.
 */
final class FastRevoke {

    private static final Pattern NAMED = Pattern.compile(":[A-Za-z]+");

    private FastRevoke() {
    }

    /** The exit code, or empty when this path cannot run here. */
    static Optional<Integer> run(String org, long tokenId, PrintStream err) {
        Optional<DatabaseConfigurer.Target> target = DatabaseConfigurer.configuredOrRunning();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        try (Connection connection = DriverManager.getConnection(target.get().url(), target.get().user(),
                target.get().password())) {
            OptionalLong orgId = orgId(connection, org);
            if (orgId.isEmpty()) {
                err.println("there is no org '" + org + "' (admin org list shows them)");
                return Optional.of(1);
            }
            try (PreparedStatement revoke = connection.prepareStatement(positional(ApiTokenRepository.REVOKE))) {
                revoke.setString(1, SqlTime.of(ServiceClock.system().instant()));
                revoke.setLong(2, orgId.getAsLong());
                revoke.setLong(3, tokenId);
                if (revoke.executeUpdate() == 0) {
                    err.println("org " + orgId.getAsLong() + " has no active token " + tokenId);
                    return Optional.of(1);
                }
            }
            err.println("revoked token " + tokenId + " of org " + orgId.getAsLong());
            return Optional.of(0);
        } catch (SQLException e) {
            err.println("admin: cannot use the database: " + e.getMessage().lines().findFirst().orElse(""));
            return Optional.of(1);
        }
    }

    private static OptionalLong orgId(Connection connection, String org) throws SQLException {
        boolean byId = org.matches("\\d{1,18}");
        try (PreparedStatement find = connection.prepareStatement(positional(byId ? OrgRepository.FIND_BY_ID
                : OrgRepository.FIND_BY_NAME))) {
            if (byId) {
                find.setLong(1, Long.parseLong(org));
            } else {
                find.setString(1, org);
            }
            try (ResultSet row = find.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** {@code :name} parameters as JDBC's {@code ?}, in the order they appear. */
    static String positional(String sql) {
        return NAMED.matcher(sql).replaceAll("?");
    }
}
