// Which of a yin session's steps a message in the stand-in is, for the tests, the bench and
// rehearse. A session's posts carry the nonce `<session>.<step>`; its opening, when it is the
// edited answer to `/yin start`, has no nonce (interaction webhooks take none): that one is
// known by its session's buttons. yin only ever makes the opening the answer.
import { controlId, joinId } from '../src/discord/custom-ids.ts';

export interface PostKey {
  session: string;
  step: number;
}

/** What is read of a message (a stored one, or one printed as JSON). */
type Seen = { nonce?: string | number | undefined; components?: unknown; interaction_metadata?: unknown };

/** The session and step a message stands for; undefined for any other message. */
export function postKey(m: Seen): PostKey | undefined {
  if (m.nonce !== undefined) {
    const [session, step] = String(m.nonce).split('.');
    return session && step !== undefined && /^\d+$/.test(step) ? { session, step: Number(step) } : undefined;
  }
  return m.interaction_metadata ? answerKey(m.components) : undefined;
}

/** The opening sent as the edited `/yin start` answer (a message, or the edit's body): by its buttons. */
export function answerKey(components: unknown): PostKey | undefined {
  const session = sessionOfButtons(components);
  return session ? { session, step: 0 } : undefined;
}

/** The session named by a message's Pause/End or "I'm practising" buttons. */
function sessionOfButtons(components: unknown): string | undefined {
  for (const row of (components ?? []) as { components?: { custom_id?: string }[] }[]) {
    for (const button of row.components ?? []) {
      const [prefix, ...parts] = String(button.custom_id ?? '').split(':');
      const id =
        prefix === controlId.prefix
          ? controlId.parse(parts)?.sessionId
          : prefix === joinId.prefix
            ? joinId.parse(parts)?.sessionId
            : undefined;
      if (id) return id;
    }
  }
  return undefined;
}

/** The message's step (NaN for a message that is no session post). */
export const stepOf = (m: Seen): number => postKey(m)?.step ?? Number.NaN;

/** `<session>.<step>`: unique per post, as the nonce is. */
export const postId = (m: Seen): string | undefined => {
  const k = postKey(m);
  return k ? `${k.session}.${k.step}` : undefined;
};
