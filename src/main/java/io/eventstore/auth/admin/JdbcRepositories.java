package io.eventstore.auth.admin;

import io.eventstore.auth.ApiToken;
import io.eventstore.auth.ApiTokenRepository;
import io.eventstore.auth.Org;
import io.eventstore.auth.OrgRepository;
import io.eventstore.db.SqlTime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The org and token repositories over one plain JDBC connection, for the admin command: a command
 * then takes about a second instead of the few seconds an application context costs to start. The
 * statements are the repositories' own constants, their {@code :named} parameters bound by name;
 * timestamps as {@code DATETIME(6)} text, like everywhere ({@link SqlTime}).
 */
final class JdbcRepositories {

    private static final Pattern NAMED = Pattern.compile(":([A-Za-z]+)");

    private final Connection connection;

    JdbcRepositories(Connection connection) {
        this.connection = connection;
    }

    OrgRepository orgs() {
        return new OrgRepository() {
            @Override
            public void insertNext(String name, Instant now) {
                update(INSERT_NEXT, Map.of("name", name, "now", SqlTime.of(now)));
            }

            @Override
            public void insertIfAbsent(long orgId, String name, Instant now) {
                update(INSERT_IF_ABSENT, Map.of("orgId", orgId, "name", name, "now", SqlTime.of(now)));
            }

            @Override
            public Optional<Org> findByName(String name) {
                return query(FIND_BY_NAME, Map.of("name", name), JdbcRepositories::org).stream().findFirst();
            }

            @Override
            public Optional<Org> findById(long orgId) {
                return query(FIND_BY_ID, Map.of("orgId", orgId), JdbcRepositories::org).stream().findFirst();
            }

            @Override
            public List<Org> list() {
                return query(LIST, Map.of(), JdbcRepositories::org);
            }

            @Override
            public List<Long> ids() {
                return query(IDS, Map.of(), row -> row.getLong(1));
            }
        };
    }

    ApiTokenRepository tokens() {
        return new ApiTokenRepository() {
            @Override
            public void insert(long orgId, long id, byte[] tokenHash, String prefix, String name, String scopes,
                               Integer rateLimit, Instant createdAt, Instant expiresAt) {
                java.util.HashMap<String, Object> values = new java.util.HashMap<>();
                values.put("orgId", orgId);
                values.put("id", id);
                values.put("tokenHash", tokenHash);
                values.put("prefix", prefix);
                values.put("name", name);
                values.put("scopes", scopes);
                values.put("rateLimit", rateLimit);
                values.put("createdAt", SqlTime.of(createdAt));
                values.put("expiresAt", SqlTime.of(expiresAt));
                update(INSERT, values);
            }

            @Override
            public Optional<ApiToken> findByHash(byte[] tokenHash) {
                return query(FIND_BY_HASH, Map.of("tokenHash", tokenHash), JdbcRepositories::token).stream().findFirst();
            }

            @Override
            public List<ApiToken> list(long orgId) {
                return query(LIST, Map.of("orgId", orgId), JdbcRepositories::token);
            }

            @Override
            public int revoke(long orgId, long id, Instant now) {
                return update(REVOKE, Map.of("orgId", orgId, "id", id, "now", SqlTime.of(now)));
            }

            @Override
            public List<Long> unrevokedAmong(long orgId, java.util.Collection<Long> ids) {
                // the admin command never streams; answered from the org's list, which it reads anyway
                return list(orgId).stream().filter(token -> ids.contains(token.id()) && token.revokedAt() == null)
                        .map(ApiToken::id).toList();
            }

            @Override
            public long countUsable(Instant now) {
                return query(COUNT_USABLE, Map.of("now", SqlTime.of(now)), row -> row.getLong(1)).get(0);
            }
        };
    }

    private static Org org(ResultSet row) throws SQLException {
        return new Org(row.getLong("org_id"), row.getString("name"), SqlTime.parse(row.getString("created_at")));
    }

    private static ApiToken token(ResultSet row) throws SQLException {
        int rateLimit = row.getInt("rate_limit");
        return new ApiToken(row.getLong("org_id"), row.getLong("id"), row.getBytes("token_hash"), row.getString("prefix"),
                row.getString("name"), row.getString("scopes"), row.wasNull() ? null : rateLimit,
                SqlTime.parse(row.getString("created_at")), SqlTime.parse(row.getString("expires_at")),
                SqlTime.parse(row.getString("revoked_at")));
    }

    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private <T> List<T> query(String sql, Map<String, ?> values, RowMapper<T> mapper) {
        try (PreparedStatement statement = prepare(sql, values); ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private int update(String sql, Map<String, ?> values) {
        try (PreparedStatement statement = prepare(sql, values)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The statement with {@code ?} for each {@code :name}, bound in the order the names appear. */
    private PreparedStatement prepare(String sql, Map<String, ?> values) throws SQLException {
        List<String> names = new ArrayList<>();
        Matcher named = NAMED.matcher(sql);
        while (named.find()) {
            names.add(named.group(1));
        }
        PreparedStatement statement = connection.prepareStatement(named.replaceAll("?"));
        for (int i = 0; i < names.size(); i++) {
            if (!values.containsKey(names.get(i))) {
                throw new IllegalArgumentException("no value for :" + names.get(i) + " in " + sql);
            }
            statement.setObject(i + 1, values.get(names.get(i)));
        }
        return statement;
    }
}
