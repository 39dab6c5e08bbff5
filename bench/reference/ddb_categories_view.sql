-- Reference for ddb_categories_view: the same rows, written by hand as fast as we know.
--
-- Why it is fast: the parent is joined once (the generated view joins the same parent three
-- times, as `parent`, `cat_path` and `anc1`); the grandparent and great-grandparent hang off
-- it. Child and product counts come from two GROUP BY passes (one over categories, one over
-- products' category_id index), joined by key, instead of one correlated COUNT per category.
SELECT
  c.id AS _partition_key,
  CASE WHEN c.parent_id IS NULL THEN 'ROOT' ELSE p.name END AS PK,
  c.name AS SK,
  c.id AS category_id,
  c.parent_id,
  p.name AS parent_name,
  c.name AS category_name,
  COALESCE(p.name, '') AS category_path,
  CASE WHEN g2.id IS NOT NULL THEN 3 WHEN g1.id IS NOT NULL THEN 2 WHEN p.id IS NOT NULL THEN 1 ELSE 0 END AS level,
  COALESCE(children.n, 0) AS children_count,
  COALESCE(products.n, 0) AS product_count,
  c.created_at,
  CASE WHEN c.parent_id IS NULL THEN 'ROOT' ELSE p.id END AS GSI1PK,
  c.id AS GSI1SK
FROM categories AS c
LEFT JOIN categories AS p ON p.id = c.parent_id
LEFT JOIN categories AS g1 ON g1.id = p.parent_id
LEFT JOIN categories AS g2 ON g2.id = g1.parent_id
LEFT JOIN (SELECT parent_id, COUNT(*) AS n FROM categories WHERE parent_id IS NOT NULL GROUP BY parent_id) AS children
  ON children.parent_id = c.id
LEFT JOIN (SELECT category_id, COUNT(*) AS n FROM products GROUP BY category_id) AS products
  ON products.category_id = c.id
