import type { BotProcess, LogLine } from '../test/helpers/bot-process.ts';

/** Nearest-rank percentile; NaN for no data (printed as "–"). */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');

/** Asks the bot (started with --expose-gc and IPC) for a stats line after a full GC: heap without garbage. */
export function gcStats(bot: BotProcess, timeoutMs = 30_000): Promise<LogLine> {
  const got = bot.waitForLine((l) => l.event === 'process.stats' && l.gc === true, timeoutMs);
  bot.child.send({ stats: 'gc' });
  return got;
}
