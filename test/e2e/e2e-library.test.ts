// A server's own sequences, end to end: the real bot against the stand-in Discord. Written with
// the form or imported from a file, they list, autocomplete and run like built-in ones, stay in
// their server, export back to an equal file, and refuse members without the permission.
import { pino } from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import {
  GUILD_ID,
  HOST,
  MEMBER,
  MOD,
  OTHER_GUILD_ID,
  TEXT_CHANNEL_ID,
  VOICE_CHANNEL_ID,
  YIN_ROLE_ID,
} from '../../stand-in/discord/fixtures.ts';
import type { StoredMessage } from '../../stand-in/discord/messages.ts';
import { startVoiceHarness } from '../../stand-in/voice/harness.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { embedOf, startHarness, type Harness } from '../helpers/harness.ts';
import { yinAs } from '../helpers/e2e-notes-helpers.ts';
import { clockDriver } from '../helpers/test-clock.ts';
import { postKey } from '../helpers/bot-process.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const EVENING = {
  name: 'Evening hips',
  focus: 'Hips and lower back, slowly',
  steps: ['butterfly 3', 'rebound rebound-on-back 1', 'dragon 3 both', 'rest savasana 5'].join('\n'),
  hold: '3',
};
/** The poses the evening class names: the second word of a line with a role, else the first. */
const EVENING_POSES = EVENING.steps.split('\n').map((l) => {
  const words = l.split(' ');
  return ['rebound', 'rest', 'break', 'counterpose'].includes(words[0]!) ? words[1]! : words[0]!;
});

type Who = typeof HOST;
const slash = (hh: Harness, user: Who, subcommand: string, options: Record<string, unknown> = {}, group?: string) =>
  hh.fake.slash({
    user,
    channelId: TEXT_CHANNEL_ID,
    name: 'yin',
    ...(group ? { group } : {}),
    subcommand,
    options: options as Record<string, string>,
  });

/** `/yin sequence create`, then the form sent with `fields`: the answer to the form. */
async function createWithForm(hh: Harness, user: Who, fields: Record<string, string>) {
  const opened = await slash(hh, user, 'create', {}, 'sequence').response;
  expect(opened.type).toBe(9); // the form
  const submitted = hh.fake.submitModal({ user, channelId: TEXT_CHANNEL_ID, customId: opened.data.custom_id, fields });
  return { opened, submitted, reply: await submitted.response };
}

const contentOf = (r: { data?: { content?: string } }) => r.data?.content ?? '';

describe('a server writes its own sequences', () => {
  test('GIVEN the form THEN the sequence is saved, listed and offered beside the built-in ones, and runs to its closing with pictures', async () => {
    // On the test clock: the class at its real speed, step to step.
    const clock = new ManualClock();
    h = await startHarness({ clock });
    const until = clockDriver(clock, h);
    const { opened, reply } = await createWithForm(h, HOST, EVENING);
    // The form shows the format in its placeholder: forms have no autocomplete.
    expect(JSON.stringify(opened.data.components)).toContain('dragon 3 both');
    expect(reply.data.flags).toBe(64);
    expect(contentOf(reply)).toMatch(/Saved: \*\*Evening hips\*\* · `my_evening-hips`/);

    const listed = await slash(h, HOST, 'sequences').response;
    expect(contentOf(listed)).toContain('Evening hips');
    expect(contentOf(listed)).toContain('Yin for the Back');
    const offered = await h.fake.autocomplete({
      user: HOST,
      channelId: TEXT_CHANNEL_ID,
      name: 'yin',
      subcommand: 'start',
      options: { sequence: 'even' },
      focused: 'sequence',
    }).response;
    expect(offered.data.choices.map((c: { value: string }) => c.value)).toEqual(['my_evening-hips']);

    await slash(h, HOST, 'start', { sequence: 'my_evening-hips' }).response;
    const timeline = await h.fake.waitFor(() => h?.bot.ctx.runner.timeline(TEXT_CHANNEL_ID));
    const closing = timeline.steps.length - 1;
    await until(() =>
      h?.fake.messages(TEXT_CHANNEL_ID).find((m) => embedOf(m).title?.startsWith('Closing — Evening hips')),
    );
    const posts = h.fake.messages(TEXT_CHANNEL_ID).filter((m) => postKey(m) !== undefined) as StoredMessage[];
    expect(posts).toHaveLength(closing + 1);
    expect(posts.map((m) => embedOf(m).title)).toEqual([
      'Evening hips',
      '1/3 · Butterfly',
      'Rebound · On Your Back',
      '2/3 · Dragon (left side)',
      '3/3 · Dragon (right side)',
      'Final rest · Savasana',
      'Closing — Evening hips',
    ]);
    // The strip of its own poses, composed when it started, and each pose's figure.
    expect(posts[0]?.attachments.map((a) => a.filename)).toEqual(['strip-my-evening-hips.png']);
    expect(posts[3]?.attachments.map((a) => a.filename)).toEqual(['dragon-left.png']);
    expect(h.fake.invalid).toEqual([]);
  });

  test('GIVEN another server THEN it never sees the sequence nor can start it', async () => {
    h = await startHarness();
    await createWithForm(h, HOST, EVENING);
    const other = await h.fake.autocomplete({
      user: MOD,
      channelId: TEXT_CHANNEL_ID,
      guildId: OTHER_GUILD_ID,
      name: 'yin',
      subcommand: 'start',
      options: { sequence: '' },
      focused: 'sequence',
    }).response;
    expect(other.data.choices.map((c: { value: string }) => c.value)).not.toContain('my_evening-hips');
    const refused = await h.fake.slash({
      user: MOD,
      channelId: TEXT_CHANNEL_ID,
      guildId: OTHER_GUILD_ID,
      name: 'yin',
      subcommand: 'start',
      options: { sequence: 'my_evening-hips' },
    }).response;
    expect(contentOf(refused)).toContain('no sequence `my_evening-hips`');
  });

  test('GIVEN a member without Manage Server or the teacher role THEN every change is refused ephemerally; with the role it is allowed', async () => {
    h = await startHarness();
    for (const sub of ['create', 'edit', 'delete', 'export']) {
      const r = await slash(h, MOD, sub, sub === 'create' ? {} : { sequence: 'my_x' }, 'sequence').response;
      expect(r.data.flags, sub).toBe(64);
      expect(contentOf(r), sub).toContain('Manage Server');
    }
    await h.fake.slash({
      user: HOST,
      channelId: TEXT_CHANNEL_ID,
      name: 'yin',
      group: 'settings',
      subcommand: 'teacher-role',
      options: { role: YIN_ROLE_ID },
    }).response;
    const { reply } = await createWithForm(h, MOD, EVENING); // MOD has the yin role
    expect(contentOf(reply)).toContain('Saved:');
    const member = await slash(h, MEMBER, 'create', {}, 'sequence').response; // MEMBER hasn't
    expect(contentOf(member)).toContain('Manage Server');
  });

  test('GIVEN a refused form THEN the answer names the closest pose, quotes what was written, and its button reopens the form filled in; nothing is saved', async () => {
    h = await startHarness();
    const { reply, submitted } = await createWithForm(h, HOST, { ...EVENING, steps: 'butterfly 3\ndragn 3 both' });
    expect(contentOf(reply)).toMatch(/Line 2 of the steps: there is no pose “dragn”.*`dragon`/);
    expect(contentOf(reply)).toContain('> dragn 3 both');
    expect(await h.bot.ctx.sequences.list(GUILD_ID)).toEqual([]);
    const answer = submitted.original()!;
    const button = (answer.components![0] as { components: { custom_id: string }[] }).components[0]!.custom_id;
    const reopened = await h.fake.click({ user: HOST, message: answer, customId: button }).response;
    expect(reopened.type).toBe(9);
    const values = JSON.stringify(reopened.data.components);
    expect(values).toContain('"value":"Evening hips"');
    expect(values).toContain('dragn 3 both');
  });

  test('GIVEN an exported file THEN importing it (renamed) gives an equal sequence, and bad files get clear answers', async () => {
    h = await startHarness({ log: pino({ level: 'error' }) });
    await createWithForm(h, HOST, EVENING);
    const exported = slash(h, HOST, 'export', { sequence: 'my_evening-hips' }, 'sequence');
    await exported.response;
    const file = exported.original()?.attachments[0];
    expect(file?.filename).toBe('my_evening-hips.json');
    const original = (await h.bot.ctx.sequences.get(GUILD_ID, 'my_evening-hips'))!.sequence;

    const importFile = async (content: Buffer) => {
      const hosted = h!.fake.hostFile('seq.json', content);
      const r = h!.fake.slash({
        user: HOST,
        channelId: TEXT_CHANNEL_ID,
        name: 'yin',
        group: 'sequence',
        subcommand: 'import',
        options: { file: hosted.id },
      });
      await r.response;
      await h!.fake.waitFor(() => r.original()?.content || undefined, 5_000);
      return r.original()!.content;
    };
    expect(await importFile(file!.content)).toContain('already has a sequence called “Evening hips”');
    expect(await importFile(Buffer.from('{ not json'))).toContain("isn't JSON");
    const wrongVersion = JSON.parse(file!.content.toString());
    wrongVersion.schemaVersion = 99;
    expect(await importFile(Buffer.from(JSON.stringify(wrongVersion)))).toContain('schemaVersion is 99');
    const typo = JSON.parse(file!.content.toString());
    typo.steps[2].pose = 'dragn';
    expect(await importFile(Buffer.from(JSON.stringify(typo)))).toMatch(/`steps\.2\.pose`.*dragn.*`dragon`/);
    expect(await importFile(Buffer.alloc(60 * 1024, 32))).toContain('at most 49152 bytes');

    // Renamed, the same file imports, and exports back equal.
    const renamed = JSON.parse(file!.content.toString());
    renamed.name = 'Evening hips, again';
    expect(await importFile(Buffer.from(JSON.stringify(renamed)))).toContain('Imported:');
    const copies = await h.bot.ctx.sequences.list(GUILD_ID);
    expect(copies.map((c) => c.sequence.name).sort()).toEqual(['Evening hips', 'Evening hips, again']);
    const copy = copies.find((c) => c.sequence.name === 'Evening hips, again')!.sequence;
    expect({ ...copy, id: original.id, name: original.name }).toEqual(original);
  });

  test('GIVEN a schedule uses the sequence THEN delete lists it and asks; confirmed, the sequence goes and the schedule is paused, said once in its channel', async () => {
    h = await startHarness();
    await createWithForm(h, HOST, EVENING);
    const added = await slash(
      h,
      HOST,
      'add',
      {
        sequence: 'my_evening-hips',
        channel: TEXT_CHANNEL_ID,
        day: 'sunday',
        time: '10:00',
        timezone: 'Europe/Berlin',
      },
      'schedule',
    ).response;
    const scheduleId = /id `([a-z0-9]+)`/.exec(contentOf(added))?.[1];
    expect(scheduleId, contentOf(added)).toBeDefined();

    const asked = slash(h, HOST, 'delete', { sequence: 'my_evening-hips' }, 'sequence');
    const prompt = await asked.response;
    expect(contentOf(prompt)).toContain(`schedule \`${scheduleId}\``);
    expect(await h.bot.ctx.sequences.get(GUILD_ID, 'my_evening-hips')).toBeDefined(); // not yet
    const message = asked.original()!;
    const confirm = (message.components![0] as { components: { custom_id: string }[] }).components[0]!.custom_id;
    const done = await h.fake.click({ user: HOST, message, customId: confirm }).response;
    expect(JSON.stringify(done)).toContain('Schedules paused: 1');
    expect(await h.bot.ctx.sequences.get(GUILD_ID, 'my_evening-hips')).toBeUndefined();
    const stored = await h.bot.ctx.schedules.repo.get(GUILD_ID, scheduleId!);
    expect(stored?.paused).toBe(true);
    const said = h.fake
      .messages(TEXT_CHANNEL_ID)
      .filter((m) => m.content.includes('was deleted, so this schedule is paused'));
    expect(said).toHaveLength(1);
  });

  test('GIVEN a voice channel THEN a sequence imported from a file rings and speaks its poses’ own cues, and closes with the generic closing', async () => {
    const v = await startVoiceHarness((fake, voice) => startHarness({ speed: 120, fake, voice }));
    try {
      const hh = v.h;
      // Written elsewhere and brought in as a file: the form's sequence, exported, renamed.
      await createWithForm(hh, HOST, EVENING);
      const exported = slash(hh, HOST, 'export', { sequence: 'my_evening-hips' }, 'sequence');
      await exported.response;
      const file = JSON.parse(exported.original()!.attachments[0]!.content.toString());
      const hosted = hh.fake.hostFile('hips.json', Buffer.from(JSON.stringify({ ...file, name: 'Hips from a file' })));
      const imported = slash(hh, HOST, 'import', { file: hosted.id }, 'sequence');
      await imported.response;
      await hh.fake.waitFor(() => imported.original()?.content || undefined, 5_000);
      expect(imported.original()?.content).toContain('my_hips-from-a-file');
      hh.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
      await yinAs(hh, HOST, VOICE_CHANNEL_ID, 'start', { sequence: 'my_hips-from-a-file' }).response;
      await hh.fake.waitFor(
        () => hh.fake.messages(VOICE_CHANNEL_ID).find((m) => embedOf(m).title?.startsWith('Closing')),
        30_000,
      );
      await hh.fake.waitFor(() => v.botChannel() === null, 30_000);
      // At 120× the steps cut each other's cues (on a busy machine even the final rest's name): the
      // closing rings out whole, and any pose heard is one of the sequence's own.
      expect(v.heard()).toMatch(/(pose-savasana~? )?bell-bowl bell-bowl bell-bowl closing-generic$/);
      const poses = new Set(EVENING_POSES);
      for (const key of v
        .heard()
        .replace(/~/g, '')
        .split(' ')
        .filter((k) => k.startsWith('pose-')))
        expect(poses.has(key.slice('pose-'.length))).toBe(true);
      expect(hh.fake.invalid).toEqual([]);
    } finally {
      await v.stop();
    }
  }, 60_000);
});
