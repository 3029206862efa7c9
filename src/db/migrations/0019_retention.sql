ALTER TABLE "users" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "outbox_retention_idx" ON "outbox" USING btree ("sent_at") WHERE "outbox"."status" = 'sent' and "outbox"."erased_at" is null;