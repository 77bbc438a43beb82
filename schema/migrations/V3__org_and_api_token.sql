-- Orgs and the API tokens that act in them.
--  * A token is shown once, when it is minted; only its SHA-256 hash is kept. Tokens carry 256
--    random bits, so a fast hash is enough: there is nothing to brute-force.
--  * A request arrives with a token and no org: the token is found by its hash alone, across orgs.
--    Under Vitess this table is unsharded (or token_hash gets a lookup vindex); it is small.
--  * scopes is a comma-separated list of events.read, events.write, events.delete, events.all.
--  * rate_limit overrides the configured request budget of one token (NULL: the default).
CREATE TABLE org (
    org_id     BIGINT        NOT NULL,
    name       VARCHAR(100)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at DATETIME(6)   NOT NULL,
    PRIMARY KEY (org_id),
    UNIQUE KEY org_by_name (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The org every event written before orgs existed belongs to.
INSERT INTO org (org_id, name, created_at) VALUES (1, 'default', UTC_TIMESTAMP(6));

CREATE TABLE api_token (
    org_id     BIGINT        NOT NULL,
    id         BIGINT        NOT NULL,
    token_hash BINARY(32)    NOT NULL,
    prefix     VARCHAR(16)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    name       VARCHAR(255)  NOT NULL,
    scopes     VARCHAR(255)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    rate_limit INT           NULL,
    created_at DATETIME(6)   NOT NULL,
    expires_at DATETIME(6)   NULL,
    revoked_at DATETIME(6)   NULL,
    PRIMARY KEY (org_id, id),
    UNIQUE KEY api_token_by_hash (token_hash)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
