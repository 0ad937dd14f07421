import type { ButtonInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { replayId, type ReplayArgs } from '../custom-ids.ts';
import { route } from '../route.ts';
import { startReplay } from './start.ts';

/** "Practise this class on your own" on a closing: the class it closes, for the member who pressed. */
async function handleReplay(interaction: ButtonInteraction, args: ReplayArgs, ctx: BotContext): Promise<void> {
  await startReplay(interaction, ctx, {
    sequenceId: args.sequenceId,
    hold: args.hold,
    length: args.length,
    language: args.language,
  });
}

export const replayButton = route(replayId, handleReplay);
