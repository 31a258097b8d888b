-- Single writers across instances: the flows of a writer (for example one Google account's
-- Sheets appends) are delivered only by the instance holding its lease.
CREATE TABLE hookbridge_writer_lease (
    name           VARCHAR(128)  NOT NULL PRIMARY KEY,
    holder         VARCHAR(100)  NOT NULL,
    lease_until_ms BIGINT        NOT NULL
) ${table_options};
