-- A reminder-log row says which stage was sent by its name alone. Its position in the stage list used to be stored
-- beside it (stage_rank), so inserting or reordering a stage would have changed what old rows meant; the run now
-- reads the order of a logged name from the current list. Every row already holds its stage's name (manual
-- reminders, rank 0, are named "manual", which no list holds), so dropping the copy loses nothing.
ALTER TABLE "reminder_log" DROP COLUMN "stage_rank";
