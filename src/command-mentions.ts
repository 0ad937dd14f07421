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
