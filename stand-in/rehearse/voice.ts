import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIMessage } from 'discord.js';
import type { Catalog } from '../../src/domain/catalog-schema.ts';
import { DEFAULT_SOUND_CHOICE } from '../../src/domain/sound.ts';
import { buildTimeline } from '../../src/domain/timeline.ts';
import { planToLength } from '../../src/domain/class-length.ts';
import { cueLibrary, describePlayed, recognise } from '../voice/recognise.ts';
import { startFakeVoice, type FakeVoiceServer } from '../voice/server.ts';
import { selfSignedCert } from '../voice/tls.ts';
import { cuesForStep, cueText } from '../../src/voice/cues.ts';
import { stepOf } from '../session-posts.ts';

export interface RehearsalVoice {
  server: FakeVoiceServer;
  /** A PEM file for the bot process's NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** What the bot plays with a session post: "♪ bell · “Dragonfly, side bend…” · “To the left.”" */
  cuesFor(message: APIMessage): string | undefined;
  /** What the voice server actually received, as cue names. */
  heard(): string;
}

export async function startRehearsalVoice(
  catalog: Catalog,
  dataDir: string,
  sequenceId: string,
  hold?: number,
  length?: number,
): Promise<RehearsalVoice> {
  const tls = selfSignedCert();
  const caFile = join(mkdtempSync(join(tmpdir(), 'yin-rehearse-tls-')), 'ca.pem');
  writeFileSync(caFile, tls.cert);
  const server = await startFakeVoice({ ...tls, heartbeatIntervalMs: 1_000 });
  const library = cueLibrary(join(dataDir, 'audio'));
  const sequence = catalog.sequences.get(sequenceId);
  if (!sequence) throw new Error(`no sequence ${sequenceId}`);
  // The class the bot plans (`length:` as planToLength plans it), so each post's cues are its own.
  const planned = length === undefined ? undefined : planToLength(sequence, length, hold);
  const t = planned?.ok
    ? buildTimeline(catalog, sequence, planned.fit.holdMinutes, 1, planned.fit.plan)
    : buildTimeline(catalog, sequence, hold ?? sequence.holdMinutes.default);
  return {
    server,
    caFile,
    cuesFor(message) {
      // Other messages than a session's steps have no sound.
      const step = stepOf(message);
      if (!Number.isInteger(step)) return undefined;
      const cues = cuesForStep(t, step, DEFAULT_SOUND_CHOICE);
      return cues.length
        ? `♪ ${cues.map((k) => (k.startsWith('bell-') ? 'bell' : `“${cueText(catalog, k)}”`)).join(' · ')}`
        : undefined;
    },
    heard: () => describePlayed(recognise(server.audio(0), library)),
  };
}
