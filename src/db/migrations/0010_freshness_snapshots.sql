CREATE TABLE "freshness_snapshots" (
	"day" date PRIMARY KEY NOT NULL,
	"current" integer NOT NULL,
	"due" integer NOT NULL,
	"overdue" integer NOT NULL,
	"stale" integer NOT NULL
);
