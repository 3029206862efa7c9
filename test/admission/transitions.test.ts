import { eq } from 'drizzle-orm';
import { applications } from '../../src/admission/schema';
import { applyTransition } from '../../src/admission/transitions';
import { auditLog } from '../../src/audit/schema';
import { HttpError } from '../../src/http/errors';
import { createApplication } from '../factories';
import { createTestContext, type TestContext } from '../helpers/app';

const secretariat = { userId: null, label: 'staff@test.example' };
const applicant = { userId: null, label: 'applicant@test.example' };

async function httpErrorOf(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected an HttpError');
}

describe('admission transitions on the database', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  test('when an application goes from draft to approved, then each step is stored, versioned and audited', async () => {
    const app = await createApplication(ctx);
    const steps = [
      ['submit', 'applicant'],
      ['start_screening', 'secretariat'],
      ['request_info', 'secretariat'],
      ['answer_info', 'applicant'],
      ['open_sponsorship', 'secretariat'],
      ['close_sponsorship', 'system'],
      ['approve', 'secretariat'],
    ] as const;
    for (const [action, as] of steps) {
      await applyTransition(ctx, {
        applicationId: app.id,
        action,
        as,
        actor: as === 'applicant' ? applicant : secretariat,
      });
    }
    const [done] = await ctx.db.select().from(applications).where(eq(applications.id, app.id));
    expect(done).toMatchObject({ state: 'approved', version: 8 });
    const audit = (await ctx.db.select().from(auditLog)).filter((e) => e.target?.includes(app.id));
    expect(audit.map((e) => e.action)).toEqual(steps.map(([action]) => `application.${action}`));
    expect(audit.at(-1)?.details).toMatchObject({ from: 'decision', to: 'approved' });
  });

  test('when a transition is invalid for the state, then 409 names the state and nothing changes', async () => {
    const app = await createApplication(ctx, { state: 'submitted' });
    const err = await httpErrorOf(
      applyTransition(ctx, { applicationId: app.id, action: 'approve', as: 'secretariat', actor: secretariat }),
    );
    expect(err.status).toBe(409);
    expect(err.code).toBe('invalid_transition');
    expect(err.params).toMatchObject({
      state: 'msg:admission.state.submitted',
      action: 'msg:admission.action.approve',
    });
    const [after] = await ctx.db.select().from(applications).where(eq(applications.id, app.id));
    expect(after).toMatchObject({ state: 'submitted', version: 1 });
  });

  test('when the wrong actor asks, then 403', async () => {
    const app = await createApplication(ctx, { state: 'decision' });
    const err = await httpErrorOf(
      applyTransition(ctx, { applicationId: app.id, action: 'approve', as: 'sponsor', actor: applicant }),
    );
    expect(err.status).toBe(403);
  });

  test('when the actor saw an older version, then 409 instead of overwriting', async () => {
    const app = await createApplication(ctx, { state: 'screening' });
    await applyTransition(ctx, {
      applicationId: app.id,
      action: 'request_info',
      as: 'secretariat',
      actor: secretariat,
      expectedVersion: 1,
    });
    const err = await httpErrorOf(
      applyTransition(ctx, {
        applicationId: app.id,
        action: 'withdraw',
        as: 'applicant',
        actor: applicant,
        expectedVersion: 1,
      }),
    );
    expect(err.code).toBe('stale_application');
  });

  test('when the work done with a transition fails, then the state change and its audit entry roll back', async () => {
    const app = await createApplication(ctx, { state: 'decision' });
    await expect(
      applyTransition(ctx, {
        applicationId: app.id,
        action: 'reject',
        as: 'secretariat',
        actor: secretariat,
        alsoSet: { decisionReason: '要件を満たさない' },
        andThen: async () => {
          throw new Error('mail could not be queued');
        },
      }),
    ).rejects.toThrow('mail could not be queued');
    const [after] = await ctx.db.select().from(applications).where(eq(applications.id, app.id));
    expect(after).toMatchObject({ state: 'decision', decisionReason: null, version: 1 });
    const audit = (await ctx.db.select().from(auditLog)).filter((e) => e.target?.includes(app.id));
    expect(audit).toEqual([]);
  });

  test('when the id is unknown or malformed, then 404', async () => {
    expect(
      (
        await httpErrorOf(
          applyTransition(ctx, { applicationId: 'nope', action: 'submit', as: 'applicant', actor: applicant }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await httpErrorOf(
          applyTransition(ctx, {
            applicationId: '00000000-0000-4000-8000-000000000000',
            action: 'submit',
            as: 'applicant',
            actor: applicant,
          }),
        )
      ).status,
    ).toBe(404);
  });
});
