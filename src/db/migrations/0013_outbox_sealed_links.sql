ALTER TABLE "outbox" ADD COLUMN "sealed_links" text;--> statement-breakpoint
-- Mail stored before links were sealed still holds working links: erase the secret segment of every link in a
-- message that is no longer waiting to go out (sent, given up, or kept without SMTP). Waiting messages keep theirs
-- so they still work when delivered; they are sent within hours.
UPDATE "outbox" SET
  "text_body" = regexp_replace("text_body", '(/(invitations|password/reset|applications|confirm)/)[A-Za-z0-9_-]+', '\1[redacted]', 'gi'),
  "html_body" = regexp_replace("html_body", '(/(invitations|password/reset|applications|confirm)/)[A-Za-z0-9_-]+', '\1[redacted]', 'gi')
WHERE "status" in ('sent', 'dead', 'captured');
