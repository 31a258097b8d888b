-- Deliveries are claimed by one bridge instance for a lease; every attempt is kept.
ALTER TABLE hookbridge_delivery ADD COLUMN claimed_by VARCHAR(100);
ALTER TABLE hookbridge_delivery ADD COLUMN lease_until_ms BIGINT;

CREATE TABLE hookbridge_attempt (
    id             BIGINT ${identity} PRIMARY KEY,
    delivery_id    BIGINT        NOT NULL,
    attempt        INT           NOT NULL,
    started_at_ms  BIGINT        NOT NULL,
    finished_at_ms BIGINT        NOT NULL,
    outcome        VARCHAR(16)   NOT NULL,
    error          VARCHAR(2000),
    instance       VARCHAR(100)  NOT NULL,
    CONSTRAINT hookbridge_attempt_delivery FOREIGN KEY (delivery_id) REFERENCES hookbridge_delivery (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX hookbridge_attempt_by_delivery ON hookbridge_attempt (delivery_id);
CREATE INDEX hookbridge_delivery_by_flow ON hookbridge_delivery (flow, status);
