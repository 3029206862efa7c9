import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { users } from '../../src/accounts/schema';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/log';
import { createUser } from '../factories';
import { createTestContext } from '../helpers/app';
import { csrfOf, TEST_PASSWORD } from '../helpers/auth';

describe('request logs', () => {
  test('when passwords, cookies, API tokens and link tokens pass through, then none reaches the log', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const ctx = await createTestContext();
    try {
      const app = createApp({ ...ctx, log: pino({ level: 'debug' }, sink) });
      const user = await createUser(ctx);
      const agent = request.agent(app);
      const csrf = await csrfOf(agent);
      await agent
        .post('/login')
        .type('form')
        .send({ email: user.email, password: TEST_PASSWORD, _csrf: csrf })
        .expect(302);
      await agent.post('/login').type('form').send({ email: user.email, password: 'wrong-secret-guess', _csrf: csrf });
      await request(app).get('/api/v1/teams').set('Authorization', 'Bearer csr_supersecretvalue1234567890abcdef');
      await request(app).get('/invitations/InvitationTokenValue1234567890abcdef');
      await request(app).get('/password/reset/ResetTokenValue1234567890abcdefgh');
      await request(app).get('/applications/ApplicantLinkValue1234567890abcdefgh');
      await request(app).get('/confirm/ConfirmLinkValue1234567890abcdefghij');
      // Routing ignores case and repeated slashes; redaction must too.
      await request(app).get('/CONFIRM/UpperConfirmValue1234567890abcdefghij');
      await request(app).get('/Applications/MixedApplicantValue1234567890abcdef/submit');
      await request(app).get('/Password/Reset/MixedResetValue1234567890abcdefghij');
      const log = lines.join('');
      expect(log).toContain('/invitations/[redacted]');
      expect(log).toContain('/password/reset/[redacted]');
      expect(log).toContain('/applications/[redacted]');
      expect(log).toContain('/confirm/[redacted]');
      for (const secret of [
        TEST_PASSWORD,
        'wrong-secret-guess',
        'supersecretvalue',
        'InvitationTokenValue',
        'ResetTokenValue',
        'ApplicantLinkValue',
        'ConfirmLinkValue',
        'UpperConfirmValue',
        'MixedApplicantValue',
        'MixedResetValue',
        csrf,
        'registry.sid=',
      ]) {
        expect(log).not.toContain(secret);
      }
    } finally {
      await ctx.close();
    }
  });
});

describe('database errors in the log', () => {
  test('when a query fails, then the log line has the SQL and the SQLSTATE but none of the bound values', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ logLevel: 'info', prettyLogs: false }, sink);
    const ctx = await createTestContext();
    try {
      const secrets = ['hanako.secret@applicant.example', 'さくら計測 機密'];
      const failed = await ctx.db
        .insert(users)
        .values({ id: secrets[0], email: secrets[1], name: secrets[1], createdAt: ctx.clock.now() })
        .then(
          () => null,
          (err: unknown) => err,
        );
      expect(failed).toBeInstanceOf(Error);
      log.error({ err: failed }, 'unhandled error');
      const line = lines.join('');
      expect(line).toContain('Failed query: insert into \\"users\\"');
      expect(line).toContain('"code":"22P02"');
      for (const secret of secrets) expect(line).not.toContain(secret);
      expect(line).not.toContain('params');
    } finally {
      await ctx.close();
    }
  });
});
