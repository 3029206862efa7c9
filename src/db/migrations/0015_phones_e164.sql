-- Phones are stored in E.164 (+81312345678) and formatted for each reader when shown. Entries seeded before that
-- hold Japanese domestic strings (03-5555-0101): rewrite those — a single trunk 0 and 10 or 11 digits in all,
-- the same rule the form applies — and leave anything else as it is (it is shown as stored).
UPDATE "teams" SET "phone" = '+81' || substr(regexp_replace("phone", '[^0-9]', '', 'g'), 2)
WHERE "phone" !~ '^\+' AND regexp_replace("phone", '[\s().-]', '', 'g') ~ '^0[1-9][0-9]{8,9}$';
--> statement-breakpoint
UPDATE "teams" SET "emergency_phone" = '+81' || substr(regexp_replace("emergency_phone", '[^0-9]', '', 'g'), 2)
WHERE "emergency_phone" !~ '^\+' AND regexp_replace("emergency_phone", '[\s().-]', '', 'g') ~ '^0[1-9][0-9]{8,9}$';
