import { en } from '../../src/i18n/en';
import { ja } from '../../src/i18n/ja';
import { confirmationStages, KEY_REMINDER_MESSAGES, KEY_STAGES, REMINDER_MESSAGES } from '../../src/reminders/stages';

describe('messages of every reminder stage', () => {
  test('when any stage of the yearly loop, a manual reminder or the key watch is mailed, then its subject and body exist in ja and en', () => {
    const confirmation = [...confirmationStages(30).map((s) => s.name), 'manual' as const];
    const keys = [
      ...confirmation.flatMap((stage) => [
        REMINDER_MESSAGES[stage].subject,
        REMINDER_MESSAGES[stage].body,
        REMINDER_MESSAGES[stage].label,
      ]),
      ...KEY_STAGES.flatMap((s) => [KEY_REMINDER_MESSAGES[s.name].subject, KEY_REMINDER_MESSAGES[s.name].body]),
    ];
    expect(keys.length).toBe(confirmation.length * 3 + KEY_STAGES.length * 2);
    for (const key of keys) {
      expect(ja[key]).toBeTruthy();
      expect(en[key]).toBeTruthy();
    }
  });
});
