-- Reference for ddb_users_view: the same rows, written by hand as fast as we know.
--
-- Why it is fast: it is a top-level UNION ALL, so MariaDB streams each branch's rows to the
-- client as it produces them. Read through a view (a derived table), the same UNION ALL is
-- first materialized into a temporary table — on disk, since the JSON and TEXT columns are
-- blobs — and only then sent: that copy is the whole difference this reference measures.
-- Each branch is one pass over its table in primary-key order with eq_ref lookups of users
-- and products. The order items are one correlated JSON_ARRAYAGG per order over the
-- order_items(order_id) index (4-5 rows each): measured here as fast as one GROUP BY pass over
-- all 1M items, and it needs no temporary table.
SELECT
  'USER' AS _entity_type,
  u.id AS _partition_key,
  u.email AS PK,
  '#META' AS SK,
  u.username,
  u.email,
  u.password_hash,
  JSON_OBJECT('first_name', u.first_name, 'last_name', u.last_name) AS profile_data,
  u.is_seller <> 0 AS is_seller,
  u.created_at,
  u.updated_at,
  u.id AS GSI1PK,
  u.id AS GSI1SK,
  u.username AS GSI2PK,
  u.username AS GSI2SK,
  NULL AS product_id, NULL AS quantity, NULL AS price, NULL AS product_name,
  NULL AS user_id, NULL AS order_status, NULL AS total_amount, NULL AS order_items,
  NULL AS order_id, NULL AS GSI3PK, NULL AS GSI3SK
FROM users AS u
UNION ALL
SELECT
  'CART', sc.id, cu.email, CONCAT('CART#', sc.product_id),
  NULL, NULL, NULL, NULL, NULL,
  sc.created_at, sc.updated_at,
  NULL, NULL, NULL, NULL,
  sc.product_id, sc.quantity, p.price, p.name,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM shopping_carts AS sc
LEFT JOIN users AS cu ON cu.id = sc.user_id
LEFT JOIN products AS p ON p.id = sc.product_id
UNION ALL
SELECT
  'ORDER', o.id, ou.email, CONCAT('ORDER#', o.created_at, '#', o.id),
  NULL, NULL, NULL, NULL, NULL,
  o.created_at, o.updated_at,
  NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL,
  o.user_id, o.status, o.total_amount,
  COALESCE((SELECT JSON_ARRAYAGG(JSON_OBJECT('product_id', i.product_id, 'quantity', i.quantity,
                                             'price_at_time', i.price_at_time) ORDER BY i.id)
            FROM order_items AS i WHERE i.order_id = o.id), JSON_ARRAY()),
  o.id, o.id, o.id
FROM orders AS o
LEFT JOIN users AS ou ON ou.id = o.user_id
