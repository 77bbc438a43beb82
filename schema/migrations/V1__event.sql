-- The event store. One DDL for MySQL 8.0+, MariaDB 10.11+, TiDB and Vitess:
--  * every table leads with org_id (the tenant and the natural Vitess sharding key), and so does every key;
--  * no foreign keys, no AUTO_INCREMENT: ids are 64-bit numbers the service generates;
--  * time columns are DATETIME(6) in UTC; text is utf8mb4 with a binary collation (exact filters);
--  * payload is JSON and never indexed;
--  * TiDB-only options live in /*T! ... */ comments, which MySQL and MariaDB ignore.
CREATE TABLE event (
    org_id          BIGINT        NOT NULL,
    id              BIGINT        NOT NULL,
    name            VARCHAR(255)  NOT NULL,
    event_at        DATETIME(6)   NOT NULL,
    created_at      DATETIME(6)   NOT NULL,
    updated_at      DATETIME(6)   NOT NULL,
    body            MEDIUMTEXT    NULL,
    external_url    VARCHAR(2048) NULL,
    payload         JSON          NULL,
    request_city    VARCHAR(255)  NULL,
    request_device  VARCHAR(255)  NULL,
    request_host    VARCHAR(255)  NULL,
    request_proxied BOOLEAN       NULL,
    request_region  VARCHAR(255)  NULL,
    account_id      VARCHAR(64)   NULL,
    call_id         VARCHAR(64)   NULL,
    mailing_id      VARCHAR(64)   NULL,
    opportunity_id  VARCHAR(64)   NULL,
    prospect_id     VARCHAR(64)   NULL,
    task_id         VARCHAR(64)   NULL,
    user_id         VARCHAR(64)   NULL,
    PRIMARY KEY (org_id, id) /*T![clustered_index] NONCLUSTERED */,
    -- the default listing (sort by eventAt) and eventAt ranges
    KEY event_by_event_at (org_id, event_at, id),
    KEY event_by_created_at (org_id, created_at, id),
    KEY event_by_updated_at (org_id, updated_at, id),
    -- timelines: one related id, newest first
    KEY event_by_account (org_id, account_id, event_at, id),
    KEY event_by_call (org_id, call_id, event_at, id),
    KEY event_by_mailing (org_id, mailing_id, event_at, id),
    KEY event_by_opportunity (org_id, opportunity_id, event_at, id),
    KEY event_by_prospect (org_id, prospect_id, event_at, id),
    KEY event_by_task (org_id, task_id, event_at, id),
    KEY event_by_user (org_id, user_id, event_at, id),
    KEY event_by_name (org_id, name, event_at, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
  /*T! SHARD_ROW_ID_BITS = 4 PRE_SPLIT_REGIONS = 2 */;

-- Settings the service keeps for itself (org 0), such as the key that signs paging cursors,
-- so that every instance of the service shares them.
CREATE TABLE service_setting (
    org_id     BIGINT         NOT NULL,
    name       VARCHAR(64)    NOT NULL,
    value      VARCHAR(1024)  NOT NULL,
    created_at DATETIME(6)    NOT NULL,
    PRIMARY KEY (org_id, name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
