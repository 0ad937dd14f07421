// Turns `{ name: value }` into Discord's nested command options (+ data.resolved), using the
// registered command's option types when the bot has registered it, else guessing from the value.
import type { APIApplicationCommandOption } from 'discord-api-types/v10';
import { guildRoles } from './fixtures.ts';
import { memberObject, permissionsOf, userById } from './payloads.ts';
import type { State } from './state.ts';

type Value = string | number | boolean;
interface Opt {
  type: number;
  name: string;
  value?: Value;
  options?: Opt[];
  focused?: boolean;
}

const SUB = 1;
const GROUP = 2;

function guessType(state: State, guildId: string, v: Value): number {
  if (typeof v === 'boolean') return 5;
  if (typeof v === 'number') return Number.isInteger(v) ? 4 : 10;
  if (state.attachments.has(v)) return 11;
  if (state.channels.has(v)) return 7;
  if (userById(v)) return 6;
  if (guildRoles(guildId).some((r) => r.id === v)) return 8;
  return 3;
}

export function commandOptions(
  state: State,
  guildId: string,
  defs: APIApplicationCommandOption[] | undefined,
  o: { subcommand?: string; group?: string; options?: Record<string, Value> },
  focused?: string,
): { options: Opt[]; resolved: Record<string, Record<string, unknown>> } {
  const resolved: Record<string, Record<string, unknown>> = {};
  const put = (kind: string, id: string, v: unknown): void => {
    resolved[kind] ??= {};
    resolved[kind][id] = v;
  };
  let level = defs;
  const pick = (name: string | undefined): APIApplicationCommandOption[] | undefined => {
    const d = level?.find((x) => x.name === name);
    return d && 'options' in d ? (d.options as APIApplicationCommandOption[] | undefined) : undefined;
  };
  if (o.group) level = pick(o.group);
  if (o.subcommand) level = pick(o.subcommand);

  const leaves: Opt[] = Object.entries(o.options ?? {}).map(([name, value]) => {
    const type = level?.find((d) => d.name === name)?.type ?? guessType(state, guildId, value);
    const id = String(value);
    if (type === 11 && state.attachments.has(id)) put('attachments', id, state.attachments.get(id));
    if (type === 7) {
      const c = state.channels.get(id);
      if (c)
        put('channels', id, {
          id,
          name: 'name' in c ? c.name : '',
          type: c.type,
          permissions: permissionsOf(state, guildId, '0').toString(),
          ...('parent_id' in c ? { parent_id: c.parent_id } : {}),
          ...('thread_metadata' in c ? { thread_metadata: c.thread_metadata } : {}),
        });
    } else if (type === 6 || type === 9) {
      const u = userById(id);
      if (u) {
        put('users', id, u);
        const m = memberObject(state, guildId, id);
        if (m) {
          const { user: _u, deaf: _d, mute: _m, ...rest } = m;
          put('members', id, { ...rest, permissions: permissionsOf(state, guildId, id).toString() });
        }
      }
    }
    if (type === 8 || (type === 9 && !userById(id))) {
      const r = guildRoles(guildId, state.botPermissions).find((x) => x.id === id);
      if (r) put('roles', id, r);
    }
    // Autocomplete sends what the user has typed so far, as a string, for the focused option.
    const isFocused = focused === name;
    return { type, name, value: isFocused ? String(value) : value, ...(isFocused ? { focused: true } : {}) };
  });

  let options = leaves;
  if (o.subcommand) options = [{ type: SUB, name: o.subcommand, options }];
  if (o.group) options = [{ type: GROUP, name: o.group, options }];
  return { options, resolved };
}
