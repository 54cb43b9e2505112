-- A unit and every unit below it: what a supervisor of that unit may see.
CREATE FUNCTION unit_subtree(root uuid) RETURNS TABLE (id uuid) LANGUAGE sql STABLE AS $$
    WITH RECURSIVE tree AS (
        SELECT o.id FROM org_units o WHERE o.id = root
        UNION
        SELECT o.id FROM org_units o JOIN tree t ON o.parent_id = t.id
    )
    SELECT tree.id FROM tree
$$;
