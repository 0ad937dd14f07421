import { describe, expect, it } from 'vitest';
import { SettingsRepo } from '../src/guilds/settings-repo.ts';
import { openStore } from '../src/store/open-store.ts';

describe('SettingsRepo', () => {
  it("GIVEN nothing stored THEN defaults; a patch sets, null clears, and fields it doesn't know survive", async () => {
    const store = openStore('sqlite::memory:');
    const repo = new SettingsRepo(store);
    expect(await repo.get('111')).toEqual({ v: 1, guildId: '111' });
    await repo.update('111', { sound: 'bell' });
    expect(await repo.update('111', { discoveriesChannelId: '222' })).toEqual({
      v: 1,
      guildId: '111',
      sound: 'bell',
      discoveriesChannelId: '222',
    });
    expect(await repo.get('999')).toEqual({ v: 1, guildId: '999' });
    expect(await repo.update('111', { discoveriesChannelId: null })).toEqual({ v: 1, guildId: '111', sound: 'bell' });
    await store.close();
  });

  it('GIVEN an invalid channel id THEN nothing is written', async () => {
    const store = openStore('sqlite::memory:');
    const repo = new SettingsRepo(store);
    await repo.update('111', { discoveriesChannelId: '222' });
    await expect(repo.update('111', { discoveriesChannelId: 'not-a-channel' })).rejects.toThrow();
    expect((await repo.get('111')).discoveriesChannelId).toBe('222');
    await store.close();
  });
});
