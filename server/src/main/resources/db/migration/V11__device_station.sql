-- The station whose records a device holds. It follows the user's unit only when the device pulls:
-- work the phone did offline before its officer moved is pushed first, still in the old station,
-- and the pull that notices the move tells the phone to purge and starts the new station afresh.
ALTER TABLE devices ADD COLUMN station_id uuid REFERENCES org_units (id);
