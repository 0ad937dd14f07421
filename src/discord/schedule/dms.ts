import { DiscordAPIError, RESTJSONErrorCodes, Routes, type APIChannel, type REST } from 'discord.js';
import { t } from '../../i18n.ts';
import { languageOf, type Language } from '../../languages.ts';
import type { Schedule } from '../../schedule/schedule.ts';
import type { DmKind, DmPort } from '../../schedule/signup-verbs.ts';
import { NO_PINGS } from '../markup.ts';
import { joinLink, ts } from './format.ts';

const KEYS: Record<DmKind, string> = {
  confirm: 'signup.dmConfirm',
  reminder: 'signup.dmReminder',
  promoted: 'signup.dmPromoted',
};

/** Discord's answer to a message for a user whose DMs are closed to the bot. */
export function isDmsClosed(err: unknown): boolean {
  return err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser;
}

/**
 * The DM port over REST: open (or reuse) the DM channel (POST /users/@me/channels), then post
 * there. Discord opens the channel even when the member's DMs are closed and refuses only the
 * message, with 50007: that is 'closed', not a failure. The text is in the member's language
 * (their Discord language when they last clicked), else the schedule's, else the server's.
 */
export function restDms(
  rest: REST,
  o: {
    /** The sequence's name in `lang` (the schedule's class). */
    nameOf(s: Schedule, lang: Language): string;
    languageOf(guildId: string): Promise<Language>;
  },
): DmPort {
  return {
    async send(userId, kind, s, occurrenceMs, locale) {
      const lang = locale ? languageOf(locale) : (s.language ?? (await o.languageOf(s.guildId)));
      const eventId = s.eventFor === occurrenceMs ? s.eventId : undefined;
      const content = t(
        KEYS[kind],
        {
          name: o.nameOf(s, lang),
          when: ts(occurrenceMs, 'R'),
          time: ts(occurrenceMs, 'F'),
          channel: s.channelId,
          link: joinLink(s.guildId, s.channelId, eventId),
        },
        lang,
      );
      // Discord gives back the same channel each time: nothing to remember (DMs are rare).
      const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
      try {
        await rest.post(Routes.channelMessages(dm.id), { body: { content, allowed_mentions: NO_PINGS } });
        return 'sent';
      } catch (err) {
        if (isDmsClosed(err)) return 'closed';
        throw err;
      }
    },
  };
}
