/**
 * The audit log in the reader's words: every action the code can record (record() accepts only the listed ones)
 * has a label in both languages, and the secretariat's audit page shows labels, not internal names.
 */
import { AUDIT_ACTIONS } from '../../src/audit/actions';
import { record } from '../../src/audit/service';
import { isMessageKey, translator } from '../../src/i18n';
import { createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { login } from '../helpers/auth';

describe('audit actions', () => {
  test('when any action the log can record is named, then both languages have their own label for it', () => {
    const problems: string[] = [];
    for (const lang of ['ja', 'en'] as const) {
      const t = translator(lang);
      const seen = new Map<string, string>();
      for (const action of AUDIT_ACTIONS) {
        const key = `audit.action.${action}`;
        if (!isMessageKey(key)) {
          problems.push(`${lang} ${action}: no label`);
          continue;
        }
        const label = t(key);
        if (!label.trim() || label.includes(action)) problems.push(`${lang} ${action}: "${label}"`);
        if (seen.has(label)) problems.push(`${lang} ${action}: "${label}" also names ${seen.get(label)}`);
        seen.set(label, action);
      }
    }
    expect(problems).toEqual([]);
  });

  test('when the log holds an entry of every action, then the audit page names each in ja and en, and the filter offers them', async () => {
    const t = await createTestApp();
    try {
      const staff = await login(t.app, (await createUser(t.ctx, { secretariat: true })).email);
      for (const action of AUDIT_ACTIONS) {
        await record(t.ctx.db, { userId: null, label: 'labels test' }, t.ctx.clock.now(), { action, target: action });
      }
      for (const lang of ['ja', 'en'] as const) {
        const tr = translator(lang);
        const page = await staff.get(`/admin/audit?actor=labels&lang=${lang}`).expect(200);
        // More actions than a page holds: the entries run on to the next page.
        const next = await staff.get(`/admin/audit?actor=labels&lang=${lang}&page=2`).expect(200);
        const cells = new Map(
          [...`${page.text}${next.text}`.matchAll(/data-action="([^"]+)" title="[^"]*">([^<]*)</g)].map((m) => [
            m[1],
            m[2],
          ]),
        );
        const filter = /<select id="action"[\s\S]*?<\/select>/.exec(page.text)?.[0] ?? '';
        for (const action of AUDIT_ACTIONS) {
          const key = `audit.action.${action}`;
          const label = isMessageKey(key) ? tr(key) : `no label for ${action}`;
          expect(`${action}: ${cells.get(action)}`).toBe(`${action}: ${label}`);
          expect(filter).toContain(`<option value="${action}">${label}</option>`);
        }
        expect(page.text).not.toMatch(/<code>[a-z_]+\.[a-z_]+<\/code>/);
      }
    } finally {
      await t.close();
    }
  });
});
