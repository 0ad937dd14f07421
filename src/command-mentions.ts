/**
 * "`/yin stop`" → "</yin stop:123>": Discord shows a command mention in each reader's own
 * language and makes it clickable. Options written after it stay as code (`sequence:back`).
 * Only the command paths yin has (`start`, `schedule add`) become mentions.
 */
export function mentionCommands(text: string, commandId: string, paths: ReadonlySet<string>): string {
  return text.replace(/`\/yin ([^`]+)`/g, (whole, inside: string) => {
    const words = inside.split(' ');
    const two = words.slice(0, 2).join(' ');
    const path = words.length >= 2 && paths.has(two) ? two : paths.has(words[0] ?? '') ? words[0] : undefined;
    if (!path) return whole;
    const rest = inside.slice(path.length).trim();
    return `</yin ${path}:${commandId}>${rest ? ` \`${rest}\`` : ''}`;
  });
}

/**
 * One bot's command mentions: empty until the bot has read `/yin`'s id from Discord (after
 * start-up), then every "`/yin …`" in the sentences it sends becomes a mention. The composition
 * root makes one a bot and hands it to what renders sentences (i18n's `answering`/`mentioning`).
 */
export class CommandMentions {
  #known: { id: string; paths: ReadonlySet<string> } | undefined;

  /** `/yin`'s id as registered, and its command paths ("start", "schedule add", …). */
  learn(id: string, paths: ReadonlySet<string>): void {
    this.#known = { id, paths };
  }

  /** `text` with its commands as mentions; unchanged while the id is unknown. */
  in(text: string): string {
    return this.#known ? mentionCommands(text, this.#known.id, this.#known.paths) : text;
  }
}
