import { PermissionFlagsBits as P, PermissionsBitField } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { assertMayControl, type Control } from '../../src/discord/session/controls.ts';
import { InputError } from '../../src/domain/input-error.ts';
import { handOver, leaderOf, newSession, type SessionState } from '../../src/domain/session.ts';

const session = (over: Partial<SessionState> = {}): SessionState =>
  newSession({
    id: 's1',
    guildId: 'g',
    channelId: 'c',
    hostId: 'host',
    sequenceId: 'back',
    holdMinutes: 3,
    speed: 1,
    startedAt: 0,
    ...over,
  });

const none = new PermissionsBitField();
const perms = (...bits: bigint[]) => new PermissionsBitField(bits);

/** The refusal's key for `who` (null: allowed). */
function refusal(who: string, s: SessionState, permissions = none, control: Control = 'skip'): string | null {
  try {
    assertMayControl({ id: who, permissions }, s, control);
    return null;
  } catch (err) {
    if (err instanceof InputError) return err.key;
    throw err;
  }
}

describe('who leads a session', () => {
  test.each([
    ['a member’s own session', session(), 'host'],
    ['a scheduled class with nobody named', session({ hostId: 'schedule:abc' }), undefined],
    ['a scheduled class with a teacher', session({ hostId: 'schedule:abc', teacherId: 'tina' }), 'tina'],
    ['a class handed over', handOver(session({ teacherId: 'tina' }), 'sam'), 'sam'],
    ['a scheduled class handed over', handOver(session({ hostId: 'schedule:abc', teacherId: 'tina' }), 'sam'), 'sam'],
  ])('GIVEN %s THEN %s leads', (_name, s, leader) => {
    expect(leaderOf(s)).toBe(leader);
  });
});

describe('the control rule: who leads, Manage Messages, and organisers of scheduled practice', () => {
  const scheduled = session({ hostId: 'schedule:abc', teacherId: 'tina' });

  test('GIVEN a scheduled class with a teacher THEN the teacher holds its controls without any permission', () => {
    for (const control of ['pause', 'resume', 'skip', 'extend', 'stop', 'handover'] as const)
      expect(refusal('tina', scheduled, none, control)).toBeNull();
  });

  test('GIVEN a scheduled class with a teacher THEN a member is refused, naming the teacher; organisers and moderators may', () => {
    expect(refusal('ben', scheduled)).toBe('session.onlyHost_skip');
    expect(refusal('ben', scheduled, none, 'handover')).toBe('teacher.onlyHost_handover');
    expect(refusal('org', scheduled, perms(P.ManageEvents))).toBeNull();
    expect(refusal('mod', scheduled, perms(P.ManageMessages))).toBeNull();
  });

  test('GIVEN a scheduled class whose teacher left THEN organisers hold it, and a member hears so', () => {
    const s = session({ hostId: 'schedule:abc' });
    expect(refusal('ben', s)).toBe('session.onlyOrganisers_skip');
    expect(refusal('ben', s, none, 'handover')).toBe('teacher.onlyOrganisers_handover');
    expect(refusal('org', s, perms(P.ManageEvents))).toBeNull();
  });

  test('GIVEN a member’s class handed over THEN the new leader controls it and the one before is refused', () => {
    const s = handOver(session(), 'sam');
    expect(refusal('sam', s)).toBeNull();
    expect(refusal('host', s)).toBe('session.onlyHost_skip');
    // Manage Events is for scheduled practice only.
    expect(refusal('host', s, perms(P.ManageEvents))).toBe('session.onlyHost_skip');
    expect(refusal('host', s, perms(P.ManageMessages))).toBeNull();
  });

  test('GIVEN a scheduled class handed over by its teacher THEN the teacher loses the controls unless an organiser', () => {
    const s = handOver(scheduled, 'sam');
    expect(refusal('sam', s)).toBeNull();
    expect(refusal('tina', s)).toBe('session.onlyHost_skip');
    expect(refusal('tina', s, perms(P.ManageEvents))).toBeNull();
  });
});
