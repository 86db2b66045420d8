-- A data migration an operator runs once by hand, for each database the project supports: it
-- changes rows only, so it is no schema, and its MySQL variant is not reported.
-- PostgreSQL
UPDATE customers SET phone = trim(phone) WHERE phone IS NOT NULL;

-- MySQL
UPDATE `customers` SET phone = TRIM(phone) WHERE phone IS NOT NULL;
