import { en } from '../../src/i18n/en';
import { ja } from '../../src/i18n/ja';
import { stageMessage } from '../../src/mail/mailer';
import { confirmationStages, KEY_STAGES } from '../../src/reminders/stages';

describe('messages of every reminder stage', () => {
  test('when any stage of the yearly loop, a manual reminder or the key watch is mailed, then its subject and body exist in ja and en', () => {
    const confirmation = [...confirmationStages(30).map((s) => s.name), 'manual'];
    const keys = [
      ...confirmation.flatMap((stage) => [
        stageMessage('reminder', stage, 'subject'),
        stageMessage('reminder', stage, 'body'),
      ]),
      ...KEY_STAGES.map((s) => stageMessage('keyReminder', s.name, 'subject')),
    ];
    for (const key of keys) {
      expect(ja[key]).toBeTruthy();
      expect(en[key]).toBeTruthy();
    }
  });

  test('when a stage has no message, then writing its mail fails instead of sending a raw key', () => {
    expect(() => stageMessage('reminder', 'before_999', 'subject')).toThrow(
      'no message mail.reminder.before_999.subject',
    );
  });
});
