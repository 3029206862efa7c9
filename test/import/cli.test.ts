/**
 * `npm run cli -- import FILE`: the preview as one JSON line with every refused row's reasons (--dry-run writes
 * nothing), then the write; a second run of the same file writes nothing. On the configured database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { runCli } from '../../src/cli';
import { adminUrl, openTestDatabase } from '../helpers/database';

function io(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { env, stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) },
    json: () => JSON.parse(out.join('')) as Record<string, unknown>,
    err: () => err.join(''),
  };
}

describe('import from the command line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csirt-import-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('when a CP932 file is imported with --dry-run, then again for real and once more, then only the real run writes', async () => {
    const pg = adminUrl() ? await openTestDatabase() : undefined;
    await pg?.handle.close(); // the CLI opens its own connection
    const env = pg?.url
      ? { DATABASE_URL: pg.url, LOG_LEVEL: 'silent' }
      : { DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent', SEED_DEMO: 'false' };
    const file = path.join(dir, '会員名簿.csv');
    const lines = [
      'チーム名,正式名称,組織名,設立年月日,メールアドレス,チーム紹介',
      'CLI-CSIRT,シーエルアイ,シーエルアイ株式会社,平成30年10月1日,csirt@cli.example.jp,シーエルアイ株式会社のシーサートです。',
      'CLI-BAD-CSIRT,バッド,バッド株式会社,平成31年5月1日,csirt@cli-bad.example.jp,紹介',
    ];
    fs.writeFileSync(file, iconv.encode(lines.join('\r\n'), 'cp932'));
    try {
      const dry = io(env);
      expect(await runCli(['import', file, '--dry-run', '--region', 'kanto', '--industry', 'services'], dry.io)).toBe(
        0,
      );
      expect(dry.json()).toMatchObject({
        kind: 'csv',
        encoding: 'cp932',
        written: false,
        new: 1,
        refused: 1,
        refusedRows: [
          { line: 3, shortName: 'CLI-BAD-CSIRT', reasons: [expect.stringMatching(/^設立年月日: Not a date/)] },
        ],
      });
      const real = io(env);
      expect(await runCli(['import', file, '--region', 'kanto', '--industry', 'services'], real.io)).toBe(0);
      expect(real.json()).toMatchObject({ written: true, new: 1, refused: 1 });
      const again = io(env);
      expect(await runCli(['import', file, '--update', '--region', 'kanto', '--industry', 'services'], again.io)).toBe(
        0,
      );
      expect(again.json()).toMatchObject({ written: true, new: 0, changed: 0, unchanged: 1, refused: 1 });
      const wrong = io(env);
      expect(await runCli(['import', file, '--region', 'atlantis'], wrong.io)).toBe(2);
      expect(wrong.err()).toContain('--region: one of hokkaido');
    } finally {
      await pg?.drop();
    }
  }, 120_000);
});
