-- The first statement has a typo; the index after it still applies.
CREATE INDEX customers_name_idx ON customers (name; -- expect: unindexed-sql
CREATE INDEX customers_phone_idx ON customers (phone);
