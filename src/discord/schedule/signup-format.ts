import {
  ButtonStyle,
  ComponentType,
  type APIAllowedMentions,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
} from 'discord.js';
import { t } from '../../i18n.ts';
import type { DmChoice, Dropped, SignedUp } from '../../schedule/signup-verbs.ts';
import type { Schedule } from '../../schedule/schedule.ts';
import type { Counts, Roster } from '../../schedule/signups.ts';
import { signupId, type SignupAction } from '../custom-ids.ts';
import { discordTime, NO_PINGS } from '../markup.ts';
import type { Timeline } from '../../domain/timeline.ts';
import type { Language } from '../../languages.ts';

/*
 * What members read about sign-ups. Public posts show counts only, never a name; the roster
 * (names, as mentions that ping nobody) is a private answer for the host and organisers.
 */

type Lang = string | undefined;

/** "7 going · 2 on the waitlist · 10 places": the one public line about a start's sign-ups. */
export function countsLine(c: Counts, lang?: Lang): string {
  return [
    t('signup.countGoing', { count: c.going }, lang),
    ...(c.waitlist > 0 ? [t('signup.countWaitlist', { count: c.waitlist }, lang)] : []),
    ...(c.places !== undefined ? [t('signup.countPlaces', { count: c.places }, lang)] : []),
  ].join(' · ');
}

const COUNTS_MARK = '👥 ';

/** The counts line as it ends a public post; `withCounts` finds it there to bring it up to date. */
export function countsFooter(c: Counts, lang?: Lang): string {
  return `${COUNTS_MARK}${countsLine(c, lang)}`;
}

/** A post's content with its counts line replaced (or added at the end). */
export function withCounts(content: string, c: Counts, lang?: Lang): string {
  const lines = content.split('\n');
  const at = lines.findLastIndex((l) => l.startsWith(COUNTS_MARK));
  if (at < 0) return [...lines, countsFooter(c, lang)].join('\n');
  lines[at] = countsFooter(c, lang);
  return lines.join('\n');
}

function button(
  action: SignupAction,
  scheduleId: string,
  occurrenceMs: number,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success,
): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, style, label, custom_id: signupId.build({ action, scheduleId, occurrenceMs }) };
}

/** Under the reminder: Sign up, Can't come, Roster (the last answers only the host and organisers). */
export function signupRow(
  scheduleId: string,
  occurrenceMs: number,
  lang?: Lang,
): APIActionRowComponent<APIButtonComponentWithCustomId> {
  return {
    type: ComponentType.ActionRow,
    components: [
      button('in', scheduleId, occurrenceMs, t('signup.buttonIn', {}, lang), ButtonStyle.Success),
      button('out', scheduleId, occurrenceMs, t('signup.buttonOut', {}, lang), ButtonStyle.Secondary),
      button('roster', scheduleId, occurrenceMs, t('signup.buttonRoster', {}, lang), ButtonStyle.Secondary),
    ],
  };
}

/** The sign-up post of a schedule with places: the class, its places, the buttons; no names. */
export function announcement(
  s: Schedule,
  tl: Timeline | undefined,
  occurrenceMs: number,
  c: Counts,
  lang: Language,
): {
  content: string;
  allowed_mentions: APIAllowedMentions;
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
} {
  const content = [
    t(
      'signup.announce',
      { name: tl?.sequence.name ?? s.sequenceId, when: discordTime(occurrenceMs, 'F'), channel: s.channelId },
      lang,
    ),
    countsFooter(c, lang),
  ].join('\n');
  return { content, allowed_mentions: NO_PINGS, components: [signupRow(s.id, occurrenceMs, lang)] };
}

/**
 * Under the private answer to a sign-up: the DM reminder (on or off), Can't come, and the
 * member's yes (or no) to being named in organisers' attendance reports.
 */
export function myRow(
  scheduleId: string,
  occurrenceMs: number,
  dm: 'offer' | 'on' | 'closed' | 'sent',
  named: boolean,
): APIActionRowComponent<APIButtonComponentWithCustomId> {
  const out = button('out', scheduleId, occurrenceMs, t('signup.buttonOut'), ButtonStyle.Secondary);
  const name = named
    ? button('noname', scheduleId, occurrenceMs, t('signup.buttonNoName'), ButtonStyle.Secondary)
    : button('name', scheduleId, occurrenceMs, t('signup.buttonName'), ButtonStyle.Secondary);
  // The reminder already went: only Can't come and the name are left to press.
  if (dm === 'sent') return { type: ComponentType.ActionRow, components: [out, name] };
  const dmButton =
    dm === 'on'
      ? button('nodm', scheduleId, occurrenceMs, t('signup.buttonNoDm'), ButtonStyle.Secondary)
      : dm === 'closed'
        ? button('dm', scheduleId, occurrenceMs, t('signup.buttonDmClosed'), ButtonStyle.Secondary)
        : button('dm', scheduleId, occurrenceMs, t('signup.buttonDm'), ButtonStyle.Primary);
  return {
    type: ComponentType.ActionRow,
    components: [dmButton, out, name],
  };
}

/** The member's private answer to "Sign up". */
export function signedUpReply(r: SignedUp): string {
  const counts = countsLine(r.counts);
  return r.outcome.kind === 'waitlist'
    ? t('signup.waitlisted', { position: r.outcome.position, counts })
    : t('signup.going', { counts });
}

/** The member's private answer to "Can't come". */
export function droppedReply(r: Dropped): string {
  const key = r.was === 'going' ? 'signup.droppedPlace' : r.was === 'cant' ? 'signup.droppedAlready' : 'signup.dropped';
  return t(key, { counts: countsLine(r.counts) });
}

/** The answer to "Remind me by DM" (and its undo). */
export function dmReply(r: DmChoice): string {
  if (r.status === 'closed') return t('signup.dmClosed');
  if (r.status === 'off') return t('signup.dmOff');
  if (r.status === 'sent') return t('signup.dmSentNow');
  return t('signup.dmOn', { when: discordTime(r.sendsAt, 'R'), time: discordTime(r.sendsAt, 't') });
}

/** The answer to `/yin schedule capacity`. */
export function capacityReply(s: Schedule, promoted: number): string {
  const places =
    s.capacity === undefined ? t('signup.capacityUnlimited') : t('signup.countPlaces', { count: s.capacity });
  return t('signup.capacitySet', {
    id: s.id,
    places,
    promoted: promoted > 0 ? t('signup.capacityPromoted', { count: promoted }) : '',
  });
}

/** The roster, for the host and organisers: mentions (the reply pings nobody), in sign-up order. */
export function rosterReply(name: string, occurrenceMs: number, r: Roster, c: Counts): string {
  const names = (list: readonly { userId: string; via: string }[]) =>
    list.length === 0
      ? t('signup.rosterNone')
      : list
          .map((e, i) => `${i + 1}. <@${e.userId}>${e.via === 'interested' ? ` ${t('signup.viaInterested')}` : ''}`)
          .join('\n');
  const text = [
    t('signup.rosterTitle', { name, when: discordTime(occurrenceMs, 'F'), counts: countsLine(c) }),
    `**${t('signup.rosterGoing')}**`,
    names(r.going),
    ...(r.waitlist.length ? [`**${t('signup.rosterWaitlist')}**`, names(r.waitlist)] : []),
    ...(r.cant.length ? [`**${t('signup.rosterCant')}**`, names(r.cant)] : []),
  ].join('\n');
  return text.length > 1990 ? `${text.slice(0, 1989)}…` : text;
}
