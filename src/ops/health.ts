import { Status, type Client } from 'discord.js';
import type { Store } from '../store/store.ts';

export interface HealthReport {
  ok: boolean;
  gateway: { connected: boolean; status: string; pingMs: number | null };
  store: { ok: boolean; kind: Store['kind'] };
  sessions: number;
}

export interface HealthSources {
  client: Client;
  store: Store;
  sessions(): number;
  /** Told when the store doesn't answer, so the failure is counted. */
  onStoreDown?(): void;
}

/** Healthy = the gateway session is up and the store answers; both are needed to run sessions. */
export async function checkHealth(src: HealthSources): Promise<HealthReport> {
  const status = src.client.ws.status;
  const connected = status === Status.Ready;
  const storeOk = await src.store.ping().catch(() => false);
  if (!storeOk) src.onStoreDown?.();
  const ping = src.client.ws.ping;
  return {
    ok: connected && storeOk,
    gateway: { connected, status: Status[status] ?? String(status), pingMs: ping >= 0 ? ping : null },
    store: { ok: storeOk, kind: src.store.kind },
    sessions: src.sessions(),
  };
}
