-- A data migration that also changes the schema, in MySQL's syntax: the index it adds is unknown
-- to the other checks, so the statement that does not parse is reported.
-- PostgreSQL
UPDATE customers SET phone = NULL WHERE phone = '';

-- MySQL
ALTER TABLE `customers` ADD INDEX customers_phone_idx (phone); -- expect: unindexed-sql
