-- Rectification deadlines: a working-day calendar, the rule that counts a notice's deadline days,
-- and the link from a re-inspection (复查) to the notice it follows up.

-- Exceptions to the Monday–Friday week, as the State Council publishes them each year: a public
-- holiday on a weekday (working = false), or a make-up working day (调休) on a weekend
-- (working = true). A day not listed is working exactly when it is Monday to Friday.
CREATE TABLE calendar_days (
    day     date PRIMARY KEY,
    working boolean NOT NULL,
    name    text
);

-- How deadline days are counted, one row for the whole server: 'calendar' (due = issued_on +
-- deadline_days, as before) or 'working' (due = the deadline_days-th working day after issued_on).
-- Who changed it and when is in audit_log ('calendar.update').
CREATE TABLE deadline_rule (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    counting text NOT NULL DEFAULT 'calendar' CHECK (counting IN ('calendar', 'working'))
);
INSERT INTO deadline_rule DEFAULT VALUES;

-- The due date of a notice issued on `issued` with `days` days to rectify, by the rule in force.
-- Working days are counted from the day after issue, so a notice issued on a holiday or a make-up
-- day counts the same way as one issued on any other day.
CREATE FUNCTION deadline_date(issued date, days integer) RETURNS date LANGUAGE plpgsql STABLE AS $$
DECLARE
    due date;
BEGIN
    IF issued IS NULL OR days IS NULL THEN
        RETURN NULL;
    END IF;
    -- Fewer than one day is no deadline; the notices' CHECK (deadline_days BETWEEN 1 AND 365) refuses it.
    IF days < 1 OR (SELECT counting FROM deadline_rule) IS DISTINCT FROM 'working' THEN
        RETURN issued + days;
    END IF;
    -- 365 working days span about 520 calendar days in a Chinese year; the window is far wider,
    -- so only a calendar with months of listed holidays could exhaust it.
    SELECT g.day INTO due
    FROM (SELECT issued + n AS day FROM generate_series(1, days * 2 + 400) AS n) AS g
    LEFT JOIN calendar_days c ON c.day = g.day
    WHERE coalesce(c.working, extract(isodow FROM g.day) < 6)
    ORDER BY g.day
    OFFSET days - 1 LIMIT 1;
    IF due IS NULL THEN
        RAISE EXCEPTION 'no % working days within % days after %: check calendar_days', days, days * 2 + 400, issued;
    END IF;
    RETURN due;
END
$$;

-- The due date is fixed when the notice is written and never follows later changes of the rule or
-- the calendar: it is a legal date printed on the document the entity signed. It is computed again
-- only if the issue date or the deadline themselves change (documents refuse that, but the column
-- must never disagree with them).
ALTER TABLE rectification_notices ALTER COLUMN due_on DROP EXPRESSION;

CREATE FUNCTION set_notice_due_on() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.due_on := deadline_date(NEW.issued_on, NEW.deadline_days);
    ELSIF NEW.issued_on IS DISTINCT FROM OLD.issued_on OR NEW.deadline_days IS DISTINCT FROM OLD.deadline_days THEN
        NEW.due_on := deadline_date(NEW.issued_on, NEW.deadline_days);
    ELSE
        NEW.due_on := OLD.due_on;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER set_due_on BEFORE INSERT OR UPDATE ON rectification_notices
    FOR EACH ROW EXECUTE FUNCTION set_notice_due_on();
ALTER TABLE rectification_notices ALTER COLUMN due_on SET NOT NULL;

-- The notice a re-inspection follows up. Unique, so that the deadline sweep creates at most one
-- per notice however many server instances run it at once.
ALTER TABLE assignments ADD COLUMN notice_id uuid UNIQUE REFERENCES rectification_notices (id);
