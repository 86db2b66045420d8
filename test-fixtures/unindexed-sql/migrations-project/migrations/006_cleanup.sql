CREATE TABLE audit_log (id bigserial PRIMARY KEY, actor text, action text);
DROP TABLE audit_log;
ALTER TABLE orders DROP COLUMN note;
