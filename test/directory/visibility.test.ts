import { clearance, type Viewer } from '../../src/accounts/viewer';
import { canSee as canSeeAt, levelOf } from '../../src/entry/visibility';

/** Whether this viewer sees the field: the viewer's clearance (accounts) judged by the field's rule (directory). */
const canSee = (viewer: Viewer, ...rest: [Parameters<typeof canSeeAt>[1], Parameters<typeof canSeeAt>[2]]) =>
  canSeeAt(clearance(viewer), ...rest);

const anonymous: Viewer = { kind: 'anonymous' };
const member: Viewer = { kind: 'member', userId: 'u1', teamIds: ['t1'] };
const secretariat: Viewer = { kind: 'secretariat', userId: 'u2' };

describe('field visibility', () => {
  test('when a team sets nothing, then defaults apply: email public, phones members-only, notes secretariat-only', () => {
    expect(levelOf('email', {})).toBe('public');
    expect(levelOf('key', {})).toBe('public');
    expect(levelOf('website', {})).toBe('public');
    expect(levelOf('phone', {})).toBe('members');
    expect(levelOf('emergencyPhone', {})).toBe('members');
    expect(levelOf('notes', {})).toBe('secretariat');
  });

  test('when a team tries to hide its email or key from members, then members still see them', () => {
    const overrides = { email: 'secretariat', key: 'secretariat' } as const;
    expect(levelOf('email', overrides)).toBe('members');
    expect(canSee(member, 'email', overrides)).toBe(true);
    expect(canSee(member, 'key', overrides)).toBe(true);
    expect(canSee(anonymous, 'email', overrides)).toBe(false);
  });

  test('when a team makes its phone public, then anonymous callers see it', () => {
    expect(canSee(anonymous, 'phone', { phone: 'public' })).toBe(true);
  });

  test('when a team tries to publish its internal notes or hide its identity, then the fixed level holds', () => {
    expect(levelOf('notes', { notes: 'public' })).toBe('secretariat');
    expect(levelOf('identity', { identity: 'secretariat' })).toBe('public');
  });

  test.each([
    [anonymous, 'phone', false],
    [member, 'phone', true],
    [member, 'notes', false],
    [secretariat, 'notes', true],
    [anonymous, 'website', true],
  ] as const)('when %j looks at %s, then visible is %s', (viewer, field, visible) => {
    expect(canSee(viewer, field, {})).toBe(visible);
  });
});
