import { newSession, type SessionState } from '../../src/domain/session.ts';

/** A back session at 3-minute holds, real speed, started at `startedAt`: the tests' usual fixture. */
export function backSession(startedAt: number, over: Partial<Parameters<typeof newSession>[0]> = {}): SessionState {
  return newSession({
    id: 's1',
    guildId: 'g',
    channelId: 'c',
    hostId: 'h',
    sequenceId: 'back',
    holdMinutes: 3,
    speed: 1,
    startedAt,
    ...over,
  });
}
