import { catchUpNote } from '../src/discord/session/render.ts';
import type { FakeDiscord } from '../stand-in/discord/fake.ts';
import { answerKey, postKey } from '../stand-in/session-posts.ts';

/** What the fake Discord saw of one session. */
interface Seen {
  startedAt: number;
  steps: Set<number>;
  /** Highest step posted so far (-1: none). */
  last: number;
  /** Steps passed over without a catch-up post saying so. */
  skipped: number;
  worstLateMs: number;
}

/**
 * Reads the posts the fake Discord accepted (its request log, drained as it goes so a long run
 * doesn't hoard them) and compares each with its plan: the session's start (from the bot's
 * `session.start` line) plus the step's offset. The nonce `<session>.<step>` names both (the
 * opening, the edited interaction answer, is named by its buttons).
 */
export class PostCollector {
  readonly #fake: FakeDiscord;
  readonly #offsets: readonly number[];
  readonly sessions = new Map<string, Seen>();
  /** Posts whose session start line hadn't been read yet; retried on the next drain. */
  #early: { session: string; step: number; at: number; catchUp: boolean }[] = [];
  lateness: { at: number; ms: number; step: number; session: string }[] = [];
  accepted = 0;
  duplicates = 0;
  catchUps = 0;
  rateLimited = 0;
  serverErrors = 0;
  otherRequests = 0;
  /** Requests by `METHOD route` that arrived within `routeWindow`, and the arrival times of those Discord counts. */
  readonly routes = new Map<string, number>();
  readonly countedAt: number[] = [];
  routeWindow: [number, number] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];

  constructor(fake: FakeDiscord, offsetsMs: readonly number[]) {
    this.#fake = fake;
    this.#offsets = offsetsMs;
  }

  started(session: string, startedAt: number): void {
    this.sessions.set(session, { startedAt, steps: new Set(), last: -1, skipped: 0, worstLateMs: 0 });
  }

  drain(): void {
    const requests = this.#fake.requests.splice(0);
    const posts = this.#early.splice(0);
    for (const r of requests) {
      if (r.at >= this.routeWindow[0] && r.at < this.routeWindow[1]) {
        const name = `${r.method} ${r.route}`;
        this.routes.set(name, (this.routes.get(name) ?? 0) + 1);
        // Interaction callbacks and webhook-token routes don't count toward the global limit.
        if (!r.route.startsWith('/interactions/') && !r.route.startsWith('/webhooks/')) this.countedAt.push(r.at);
      }
      if (r.status === 429) this.rateLimited += 1;
      if (r.status >= 500) this.serverErrors += 1;
      // The opening: the edit of the /yin start answer (no nonce; its buttons name the session).
      const answer = r.method === 'PATCH' && r.route === '/webhooks/:app/:token/messages/@original';
      if (!answer && (r.method !== 'POST' || r.route !== '/channels/:id/messages')) {
        if (!r.route.startsWith('/interactions/')) this.otherRequests += 1;
        continue;
      }
      const body = r.body as { nonce?: string; components?: unknown; embeds?: { description?: string }[] } | undefined;
      const key = body && (answer ? answerKey(body.components) : postKey(body));
      if (r.status !== 200 || !key) continue;
      const catchUp = (body?.embeds?.[0]?.description ?? '').includes(catchUpNote('en'));
      posts.push({ session: key.session, step: key.step, at: r.at, catchUp });
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
      if (p.catchUp) this.catchUps += 1;
      // A session's posts arrive in order: a gap is fine only under a catch-up post.
      if (p.step > seen.last + 1 && !p.catchUp) seen.skipped += p.step - seen.last - 1;
      seen.last = Math.max(seen.last, p.step);
      const ms = p.at - (seen.startedAt + (this.#offsets[p.step] ?? 0));
      seen.worstLateMs = Math.max(seen.worstLateMs, ms);
      this.lateness.push({ at: p.at, ms, step: p.step, session: p.session });
    }
  }

  /**
   * Steps passed over without a post that says so: every step below the last one posted must be
   * posted, or be passed over by the one catch-up post. Should always be 0.
   */
  lost(): number {
    let lost = 0;
    for (const s of this.sessions.values()) lost += s.skipped;
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
