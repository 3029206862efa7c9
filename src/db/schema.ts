/** Every table, in one place, for Drizzle's query API and for drizzle-kit to generate migrations from. */
export * from '../accounts/schema';
export * from '../admission/schema';
export * from '../audit/schema';
export * from '../directory/schema';
export * from '../keys/schema';
export * from '../mail/schema';
export * from '../reminders/schema';
export * from '../stats/schema';
