-- The journal: every accepted webhook, and one delivery row per (event, flow).
-- Times are epoch milliseconds (UTC); dedupe_key is the SHA-256 of the source and the raw body.
-- Column types that differ between databases are placeholders filled in by SqlDialect.
CREATE TABLE hookbridge_event (
    id             VARCHAR(36)   NOT NULL PRIMARY KEY,
    source         VARCHAR(64)   NOT NULL,
    type           VARCHAR(255)  NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    received_at_ms BIGINT        NOT NULL,
    remote_address VARCHAR(64),
    headers        VARCHAR(4000),
    dedupe_key     ${hash}       NOT NULL,
    body           ${bytes}      NOT NULL,
    CONSTRAINT hookbridge_event_dedupe UNIQUE (dedupe_key)
) ${table_options};
CREATE INDEX hookbridge_event_received ON hookbridge_event (received_at_ms);

CREATE TABLE hookbridge_delivery (
    id                 BIGINT ${identity} PRIMARY KEY,
    event_id           VARCHAR(36)   NOT NULL,
    flow               VARCHAR(128)  NOT NULL,
    status             VARCHAR(16)   NOT NULL,
    attempts           INT           NOT NULL,
    next_attempt_at_ms BIGINT        NOT NULL,
    last_error         VARCHAR(2000),
    updated_at_ms      BIGINT        NOT NULL,
    CONSTRAINT hookbridge_delivery_event_flow UNIQUE (event_id, flow),
    CONSTRAINT hookbridge_delivery_event FOREIGN KEY (event_id) REFERENCES hookbridge_event (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX hookbridge_delivery_due ON hookbridge_delivery (status, next_attempt_at_ms);
