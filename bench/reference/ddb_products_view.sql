-- Reference for ddb_products_view: the same rows, written by hand as fast as we know.
--
-- Why it is fast: one pass over products in primary-key order; the category name comes from
-- an eq_ref lookup on categories' primary key (2,000 rows, always in the buffer pool). No
-- casts: the text protocol already sends every value as the text CAST(... AS CHAR) makes, so
-- the rows are byte-identical to the view's. There is nothing left to remove: this is the
-- floor the generated view is measured against.
SELECT
  p.id AS _partition_key,
  p.id AS PK,
  '#META' AS SK,
  p.seller_id,
  p.category_id,
  c.name AS category_path,
  p.name AS product_name,
  p.description,
  p.price,
  p.inventory_quantity,
  p.image_url,
  p.created_at,
  p.updated_at,
  p.category_id AS GSI1PK,
  p.name AS GSI1SK,
  p.seller_id AS GSI2PK,
  p.name AS GSI2SK
FROM products AS p
LEFT JOIN categories AS c ON c.id = p.category_id
