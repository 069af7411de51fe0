-- V18__shop_enum_value.sql
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'delivered';
ALTER TYPE order_status RENAME VALUE 'cancelled' TO 'canceled';
