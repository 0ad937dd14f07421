/**
 * Buttons carry their state in the custom_id (`prefix:arg:arg`), so they keep working after a
 * restart: no in-memory collectors.
 */
export type ControlAction = 'pause' | 'resume' | 'skip' | 'extend' | 'stop';
const CONTROL_ACTIONS: readonly string[] = ['pause', 'resume', 'skip', 'extend', 'stop'];

export function controlId(action: ControlAction, sessionId: string): string {
  return `ctl:${action}:${sessionId}`;
}

export function parseCustomId(customId: string): { prefix: string; args: string[] } {
  const [prefix = '', ...args] = customId.split(':');
  return { prefix, args };
}

export function parseControlId(customId: string): { action: ControlAction; sessionId: string } | undefined {
  const { prefix, args } = parseCustomId(customId);
  const [action, sessionId] = args;
  if (prefix !== 'ctl' || !action || !sessionId || !CONTROL_ACTIONS.includes(action)) return undefined;
  return { action: action as ControlAction, sessionId };
}
