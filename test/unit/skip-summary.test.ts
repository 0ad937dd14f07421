import { describe, expect, test } from 'vitest';
import { combineSetups, formatSkipSummary, type SkippedCase } from '../helpers/skip-summary.ts';
import { skipUnless } from '../helpers/skip.ts';

const redis = { reason: 'redis-server is not installed', setup: 'apt-get install -y redis-server' };
const yaml = { reason: 'python3 with PyYAML is not installed', setup: 'apt-get install -y python3-yaml' };

describe('the end-of-run skip summary', () => {
  test('GIVEN nothing skipped THEN it says nothing', () => {
    expect(formatSkipSummary([])).toBe('');
  });

  test('GIVEN Redis cases skipped in two files THEN it names each test under its file, the reason and the command', () => {
    const skipped: SkippedCase[] = [
      { file: 'test/store.test.ts', name: 'Redis store > answers ping', ...redis },
      { file: 'test/notes.test.ts', name: 'notes on Redis > GIVEN a note added THEN it comes back', ...redis },
      { file: 'test/store.test.ts', name: 'Redis store > sets, gets and deletes a value', ...redis },
    ];
    expect(formatSkipSummary(skipped)).toBe(
      [
        'Skipped 3 tests — they did not run on this machine:',
        '',
        '  redis-server is not installed (3 tests)',
        '    test/notes.test.ts',
        '      notes on Redis > GIVEN a note added THEN it comes back',
        '    test/store.test.ts',
        '      Redis store > answers ping',
        '      Redis store > sets, gets and deletes a value',
        '    To run them: apt-get install -y redis-server && npm test',
        '',
      ].join('\n'),
    );
  });

  test('GIVEN two reasons THEN each gets its group and one command installs both', () => {
    const text = formatSkipSummary([
      { file: 'test/store.test.ts', name: 'Redis store > answers ping', ...redis },
      { file: 'test/packaging.test.ts', name: 'compose.yaml and .env.example > parses', ...yaml },
    ]);
    expect(text).toContain(
      '  redis-server is not installed (1 test)\n    test/store.test.ts\n      Redis store > answers ping\n    To run them: apt-get install -y redis-server && npm test\n',
    );
    expect(text).toContain('  python3 with PyYAML is not installed (1 test)\n    test/packaging.test.ts\n');
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'To run all of them: apt-get install -y redis-server python3-yaml && npm test',
    );
  });

  test('GIVEN a skip with no stated reason THEN it is listed as such, with no command', () => {
    const plain = formatSkipSummary([{ file: 'test/a.test.ts', name: 'a thing' }]);
    expect(plain).toContain(
      '  no reason given (a bare .skip, or .only elsewhere in its file) (1 test)\n    test/a.test.ts\n      a thing\n',
    );
    expect(plain).not.toContain('To run');
  });

  test('GIVEN tests a -t filter left out THEN they are only counted, whatever their own reason', () => {
    const text = formatSkipSummary([
      { file: 'test/a.test.ts', name: 'a thing', filteredOut: true },
      { file: 'test/store.test.ts', name: 'Redis store > iterates', ...redis, filteredOut: true },
      { file: 'test/store.test.ts', name: 'Redis store > answers ping', ...redis },
    ]);
    expect(text).toContain('Skipped 1 test — they did not run on this machine:');
    expect(text).not.toContain('a thing');
    expect(text).not.toContain('iterates');
    expect(text.trimEnd().split('\n').at(-1)).toBe("2 tests left out by this run's filter (-t or file:line).");
    expect(formatSkipSummary([{ file: 'test/a.test.ts', name: 'a thing', filteredOut: true }])).toBe(
      "1 test left out by this run's filter (-t or file:line).\n",
    );
  });

  test('GIVEN a ctx.skip(note) reason or a todo THEN those are the groups', () => {
    const text = formatSkipSummary([
      { file: 'test/a.test.ts', name: 'needs a GPU', reason: 'no GPU here' },
      { file: 'test/a.test.ts', name: 'later', todo: true },
    ]);
    expect(text).toContain('  no GPU here (1 test)\n');
    expect(text).toContain('  not written yet (test.todo) (1 test)\n');
  });
});

test('combineSetups merges apt-get installs and keeps other steps once, in order', () => {
  expect(
    combineSetups([
      'apt-get install -y redis-server',
      'unset X',
      'apt-get install -y python3-yaml redis-server',
      'unset X',
    ]),
  ).toEqual(['apt-get install -y redis-server python3-yaml', 'unset X']);
});

test('skipUnless skips with the reason as meta only when the condition fails', () => {
  expect(skipUnless(true, redis.reason, redis.setup)).toEqual({});
  expect(skipUnless(false, redis.reason, redis.setup)).toEqual({ skip: true, meta: { skipReason: redis } });
});
