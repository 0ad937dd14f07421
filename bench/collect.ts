import type { FakeDiscord } from '../src/fake-discord/fake.ts';

/** What the fake Discord saw of one session. */
interface Seen {
  startedAt: number;
  steps: Set<number>;
  /** Steps named as passed over by a catch-up post ("N steps went by"). */
  covered: number;
  worstLateMs: number;
}

/**
 * Reads the posts the fake Discord accepted (its request log, drained as it goes so a long run
 * doesn't hoard them) and compares each with its plan: the session's start (from the bot's
 * `session.start` line) plus the step's offset. The nonce `<session>.<step>` names both.
 */
export class PostCollector {
  readonly #fake: FakeDiscord;
  readonly #offsets: readonly number[];
  readonly sessions = new Map<string, Seen>();
  /** Posts whose session start line hadn't been read yet; retried on the next drain. */
  #early: { session: string; step: number; at: number; missed: number }[] = [];
  lateness: { at: number; ms: number }[] = [];
  accepted = 0;
  duplicates = 0;
  catchUps = 0;
  rateLimited = 0;
  serverErrors = 0;
  otherRequests = 0;

  constructor(fake: FakeDiscord, offsetsMs: readonly number[]) {
    this.#fake = fake;
    this.#offsets = offsetsMs;
  }

  started(session: string, startedAt: number): void {
    this.sessions.set(session, { startedAt, steps: new Set(), covered: 0, worstLateMs: 0 });
  }

  drain(): void {
    const requests = this.#fake.requests.splice(0);
    const posts = this.#early.splice(0);
    for (const r of requests) {
      if (r.status === 429) this.rateLimited += 1;
      if (r.status >= 500) this.serverErrors += 1;
      if (r.method !== 'POST' || r.route !== '/channels/:id/messages') {
        if (!r.route.startsWith('/interactions/')) this.otherRequests += 1;
        continue;
      }
      const body = r.body as { nonce?: string; embeds?: { description?: string }[] } | undefined;
      if (r.status !== 200 || !body?.nonce) continue;
      const [session, step] = String(body.nonce).split('.');
      const missed = Number(/(\d+) steps? went by/.exec(body.embeds?.[0]?.description ?? '')?.[1] ?? 0);
      posts.push({ session: session ?? '', step: Number(step), at: r.at, missed });
    }
    for (const p of posts) {
      const seen = this.sessions.get(p.session);
      if (!seen) {
        this.#early.push(p);
        continue;
      }
      this.accepted += 1;
      if (seen.steps.has(p.step)) this.duplicates += 1;
      seen.steps.add(p.step);
      if (p.missed) this.catchUps += 1;
      seen.covered += p.missed;
      const ms = p.at - (seen.startedAt + (this.#offsets[p.step] ?? 0));
      seen.worstLateMs = Math.max(seen.worstLateMs, ms);
      this.lateness.push({ at: p.at, ms });
    }
  }

  /**
   * Steps passed over without a post that says so: every step below the last one posted must be
   * posted or counted by a catch-up post's "N steps went by". Should always be 0.
   */
  lost(): number {
    let lost = 0;
    for (const s of this.sessions.values()) {
      const last = Math.max(-1, ...s.steps);
      lost += Math.max(0, last + 1 - s.steps.size - s.covered);
    }
    return lost;
  }

  /** Steps due at least `graceMs` before `now` and not posted yet: the backlog at the end. */
  pending(now: number, graceMs: number): number {
    let pending = 0;
    for (const s of this.sessions.values()) {
      const last = Math.max(-1, ...s.steps);
      this.#offsets.forEach((o, step) => {
        if (step > last && s.startedAt + o < now - graceMs) pending += 1;
      });
    }
    return pending;
  }
}
