import { describe, expect, test } from 'vitest';
import {
  closingStatus,
  eventAnnouncing,
  organiserChange,
  planEvent,
  type EventFacts,
  type EventPlan,
} from '../../src/schedule/event-plan.ts';
import type { EventStatus } from '../../src/schedule/ports.ts';

const WEEK = 7 * 24 * 60 * 60_000;
const T = Date.parse('2026-12-01T18:00:00Z'); // the next start
const PASSED = T - WEEK; // a start that went by without a session
const LATER = T + WEEK;

const facts = (over: Partial<EventFacts> = {}): EventFacts => ({ paused: false, ...over });

describe('planEvent: GIVEN a schedule, its next start and whether its session runs THEN what to do about its event', () => {
  const cases: Array<[string, EventFacts, number | undefined, boolean, EventPlan]> = [
    ['no event yet → one for the next start', facts(), T, false, { create: T }],
    ['the event already announces the next start → nothing', facts({ eventId: 'e1', eventFor: T }), T, false, {}],
    [
      'the event announces a start that passed → replaced',
      facts({ eventId: 'e1', eventFor: PASSED }),
      T,
      false,
      { remove: 'e1', create: T },
    ],
    [
      'the event announces a later start (rule edited) → replaced',
      facts({ eventId: 'e1', eventFor: LATER }),
      T,
      false,
      { remove: 'e1', create: T },
    ],
    [
      'paused, with an event → removed, none created',
      facts({ paused: true, eventId: 'e1', eventFor: T }),
      T,
      false,
      { remove: 'e1' },
    ],
    ['paused, no event → nothing', facts({ paused: true }), T, false, {}],
    ['paused, the next start unknown → nothing', facts({ paused: true }), undefined, false, {}],
    [
      'never runs again, with an event → removed',
      facts({ eventId: 'e1', eventFor: PASSED }),
      undefined,
      false,
      { remove: 'e1' },
    ],
    ['never runs again, no event → nothing', facts(), undefined, false, {}],
    ['an organiser removed the next start’s event → not put back', facts({ skipEventFor: T }), T, false, {}],
    [
      'skipped start, and a stale event → only removed',
      facts({ skipEventFor: T, eventId: 'e1', eventFor: PASSED }),
      T,
      false,
      { remove: 'e1' },
    ],
    [
      'the skipped start passed → the next one is announced again',
      facts({ skipEventFor: PASSED }),
      T,
      false,
      { create: T },
    ],
    ['its session is running → it owns its event: nothing', facts({ eventId: 'e1', eventFor: PASSED }), T, true, {}],
    ['its session is running, no event → nothing', facts(), T, true, {}],
    [
      'running and paused → nothing until the session ends',
      facts({ paused: true, eventId: 'e1', eventFor: T }),
      T,
      true,
      {},
    ],
  ];
  test.each(cases)('%s', (_name, s, next, running, plan) => {
    expect(planEvent(s, next, running)).toEqual(plan);
  });
});

describe('closingStatus: GIVEN the event’s status after an occurrence THEN the status that closes it', () => {
  const cases: Array<[EventStatus | undefined, EventStatus | undefined]> = [
    ['active', 'completed'],
    ['scheduled', 'canceled'], // never went active: the start failed
    ['completed', undefined],
    ['canceled', undefined],
    [undefined, undefined], // gone
  ];
  test.each(cases)('%s → %s', (current, closing) => {
    expect(closingStatus(current)).toBe(closing);
  });
});

describe('eventAnnouncing: GIVEN a start THEN the schedule’s event if it announces that start', () => {
  test.each([
    ['announces it', { eventId: 'e1', eventFor: T }, T, 'e1'],
    ['announces another start', { eventId: 'e1', eventFor: PASSED }, T, undefined],
    ['no event', {}, T, undefined],
  ] as const)('%s', (_name, s, at, expected) => {
    expect(eventAnnouncing(s, at)).toBe(expected);
  });
});

describe('organiserChange: GIVEN the status an organiser left THEN only a cancel counts as removing the event', () => {
  test.each([
    ['canceled', 'gone'],
    ['scheduled', 'edited'],
    ['active', 'edited'],
    ['completed', 'edited'],
  ] as const)('%s → %s', (status, change) => {
    expect(organiserChange(status)).toBe(change);
  });
});
