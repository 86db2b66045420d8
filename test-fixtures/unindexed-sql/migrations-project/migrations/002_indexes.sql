-- Lookups the application needs.
CREATE UNIQUE INDEX customers_lower_email_idx ON customers (lower(email));
CREATE INDEX customers_live_country_idx ON customers (country) WHERE deleted_at IS NULL;
CREATE INDEX products_active_category_idx ON products (category) WHERE archived = false;
ALTER TABLE products ADD CONSTRAINT products_sku_key UNIQUE (sku);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
