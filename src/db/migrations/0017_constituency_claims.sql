CREATE TABLE "constituency_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"domain" text,
	"domain_reversed" text,
	"net" "cidr",
	"asn" bigint,
	"dns_token" text,
	"dns_checked_at" timestamp with time zone,
	"dns_check_result" text,
	"verified_at" timestamp with time zone,
	"verified_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "constituency_claims_kind_check" CHECK ("constituency_claims"."kind" in ('domain', 'prefix', 'asn')),
	CONSTRAINT "constituency_claims_value_check" CHECK (("constituency_claims"."kind" = 'domain' and "constituency_claims"."domain" is not null and "constituency_claims"."net" is null and "constituency_claims"."asn" is null)
        or ("constituency_claims"."kind" = 'prefix' and "constituency_claims"."net" is not null and "constituency_claims"."domain" is null and "constituency_claims"."asn" is null)
        or ("constituency_claims"."kind" = 'asn' and "constituency_claims"."asn" is not null and "constituency_claims"."domain" is null and "constituency_claims"."net" is null))
);
--> statement-breakpoint
ALTER TABLE "constituency_claims" ADD CONSTRAINT "constituency_claims_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "constituency_claims_team_domain_key" ON "constituency_claims" USING btree ("team_id","domain") WHERE "constituency_claims"."domain" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "constituency_claims_team_net_key" ON "constituency_claims" USING btree ("team_id","net") WHERE "constituency_claims"."net" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "constituency_claims_team_asn_key" ON "constituency_claims" USING btree ("team_id","asn") WHERE "constituency_claims"."asn" is not null;--> statement-breakpoint
CREATE INDEX "constituency_claims_net_gist_idx" ON "constituency_claims" USING gist ("net" inet_ops);--> statement-breakpoint
CREATE INDEX "constituency_claims_domain_idx" ON "constituency_claims" USING btree ("domain");--> statement-breakpoint
CREATE INDEX "constituency_claims_domain_reversed_idx" ON "constituency_claims" USING btree (("domain_reversed" collate "C"));--> statement-breakpoint
CREATE INDEX "constituency_claims_asn_idx" ON "constituency_claims" USING btree ("asn");--> statement-breakpoint
CREATE INDEX "constituency_claims_team_idx" ON "constituency_claims" USING btree ("team_id");--> statement-breakpoint
-- A change to a team's claims changes what the directory shows and what lookups answer: the same generation bump
-- (and notification) as teams and keys, so no cached read outlives it.
CREATE TRIGGER constituency_claims_bump_directory_generation
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "constituency_claims"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_generation();
