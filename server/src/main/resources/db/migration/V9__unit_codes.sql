-- A stable code per org unit, so that a roster can be imported again without duplicates.
ALTER TABLE org_units ADD COLUMN code text UNIQUE;
