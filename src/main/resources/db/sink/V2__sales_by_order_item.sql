-- systeme_sales gets one row per order item: a sale that arrives again as another event (sent
-- again with other bytes, or in the other webhook format) adds no second row. Rows written before
-- this version have no order_item_id (NULL, which a unique index never treats as a repeat).
ALTER TABLE systeme_sales ADD COLUMN order_item_id BIGINT;
CREATE UNIQUE INDEX systeme_sales_order_item ON systeme_sales (order_id, order_item_id);
