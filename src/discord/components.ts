import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import type { BotContext } from './context.ts';
import { notesButtonHandlers, notesModalHandlers } from './notes/buttons.ts';
import { handleControlButton } from './session-buttons.ts';

export type ButtonHandler = (interaction: ButtonInteraction, ctx: BotContext) => Promise<void>;
export type ModalHandler = (interaction: ModalSubmitInteraction, ctx: BotContext) => Promise<void>;

/** Buttons by the prefix of their custom_id (`prefix:arg:arg`, see custom-ids.ts). */
export const buttonHandlers: Record<string, ButtonHandler> = {
  ctl: handleControlButton,
  ...notesButtonHandlers,
};

/** Modals by the prefix of their custom_id. */
export const modalHandlers: Record<string, ModalHandler> = {
  ...notesModalHandlers,
};
