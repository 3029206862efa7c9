-- Besides counting, announce each change on the channel "directory_changed": the embedded database's only process
-- listens and drops its cached directory reads at once, without a query per request.
CREATE OR REPLACE FUNCTION bump_directory_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "directory_generation" SET "value" = "value" + 1 WHERE "id" = 1;
  PERFORM pg_notify('directory_changed', '');
  RETURN NULL;
END;
$$;
