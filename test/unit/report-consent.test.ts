import { describe, expect, it } from 'vitest';
import { ReportConsentRepo } from '../../src/members/report-consent.ts';
import { openStore } from '../../src/store/open-store.ts';

describe('ReportConsentRepo', () => {
  it('GIVEN no answer THEN the name is not shown; a yes shows it in that server only; a no forgets it', async () => {
    const store = openStore('sqlite::memory:');
    const consent = new ReportConsentRepo(store);
    expect(await consent.showsName('100', '1')).toBe(false);
    expect(await consent.set('100', '1', true, 5_000)).toBe(true);
    expect(await consent.showsName('100', '1')).toBe(true);
    expect(await consent.showsName('100', '2')).toBe(false);
    expect(await consent.consenting('1', ['100', '200', '100'])).toEqual(new Set(['100']));
    expect(await consent.of('100')).toEqual([{ v: 1, userId: '100', guildId: '1', since: 5_000 }]);
    await consent.set('100', '1', false, 6_000);
    expect(await consent.showsName('100', '1')).toBe(false);
    expect(await consent.of('100')).toEqual([]);
    await store.close();
  });

  it('GIVEN yes in two servers WHEN the member erases all THEN both are gone and counted', async () => {
    const store = openStore('sqlite::memory:');
    const consent = new ReportConsentRepo(store);
    await consent.set('100', '1', true, 1);
    await consent.set('100', '2', true, 2);
    await consent.set('200', '1', true, 3);
    expect(await consent.eraseAll('100')).toBe(2);
    expect(await consent.of('100')).toEqual([]);
    expect(await consent.showsName('200', '1')).toBe(true);
    await store.close();
  });

  it('GIVEN ids that are not ids THEN nothing is read or written under another key', async () => {
    const store = openStore('sqlite::memory:');
    const consent = new ReportConsentRepo(store);
    expect(await consent.showsName('a:b', '1')).toBe(false);
    await expect(consent.set('100', 'x', true, 1)).rejects.toThrow(/guild id/);
    await store.close();
  });
});
