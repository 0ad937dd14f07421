import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import { InputError } from '../domain/input-error.ts';
import type { BotContext } from './context.ts';
import type { CustomId } from './custom-ids.ts';

/** A button or form handler, found by its custom id's prefix and handed the parsed arguments. */
export interface Route<I> {
  prefixes: readonly string[];
  run(interaction: I, parts: readonly string[], ctx: BotContext): Promise<void>;
}

export type ButtonRoute = Route<ButtonInteraction>;
export type ModalRoute = Route<ModalSubmitInteraction>;

export function route<I, A>(
  id: CustomId<A>,
  handle: (interaction: I, args: A, ctx: BotContext) => Promise<void>,
  unknownKey = 'common.unknownButton',
): Route<I> {
  return {
    prefixes: [id.prefix, ...id.legacy],
    async run(interaction, parts, ctx) {
      const args = id.parse(parts);
      if (args === undefined) throw new InputError(unknownKey);
      await handle(interaction, args, ctx);
    },
  };
}

/** prefix → route, for the router. */
export function byPrefix<I>(routes: readonly Route<I>[]): ReadonlyMap<string, Route<I>> {
  return new Map(routes.flatMap((r) => r.prefixes.map((p) => [p, r] as const)));
}
