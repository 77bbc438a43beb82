-- Outcomes of requests sent with an Idempotency-Key, kept so that a retry gets the first answer
-- back instead of storing its events twice. Written in the same transaction as the events.
CREATE TABLE idempotency_key (
    org_id       BIGINT         NOT NULL,
    idem_key     VARCHAR(255)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    request_hash BINARY(32)     NOT NULL,
    status       SMALLINT       NOT NULL,
    location     VARCHAR(2048)  NULL,
    response     MEDIUMBLOB     NOT NULL,
    created_at   DATETIME(6)    NOT NULL,
    expires_at   DATETIME(6)    NOT NULL,
    PRIMARY KEY (org_id, idem_key),
    KEY idempotency_key_by_expiry (org_id, expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
