/**
 * IANA time-zone names, for validation and for Discord autocomplete (at most 25 choices).
 * `Intl.supportedValuesOf` lists CLDR's canonical ids, some of which are names IANA has
 * since replaced (Asia/Calcutta, Europe/Kiev): people type "Kolkata" and "Kyiv", so the
 * current names are offered instead, and "UTC" (not a region) is added by hand.
 */
const RENAMED: Record<string, string> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

function known(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The runtime's zones (and UTC), each under its current name, sorted: read once, as the module loads. */
const ZONES: readonly string[] = Object.freeze(
  [...Intl.supportedValuesOf('timeZone'), 'UTC']
    .map((z) => {
      const now = RENAMED[z];
      return now && known(now) ? now : z;
    })
    .sort(),
);

export function allTimeZones(): readonly string[] {
  return ZONES;
}

/** Lower-cased, spaces as underscores, so "new york" meets "America/New_York". */
function fold(s: string): string {
  return s.trim().toLowerCase().replace(/\s+/g, '_');
}

/**
 * Zones matching what the user has typed so far, best first: names that start with it
 * ("eur" → Europe/…), then names where a later part (the city) starts with it ("ber" →
 * Europe/Berlin), then names that merely contain it. Alphabetical within each group.
 */
export function timezoneChoices(query: string, limit = 25): string[] {
  const q = fold(query);
  const all = allTimeZones();
  if (q === '') return all.slice(0, limit);
  const prefix: string[] = [];
  const city: string[] = [];
  const contains: string[] = [];
  for (const zone of all) {
    const z = fold(zone);
    if (z.startsWith(q)) prefix.push(zone);
    else if (z.split('/').some((part, i) => i > 0 && part.startsWith(q))) city.push(zone);
    else if (z.includes(q)) contains.push(zone);
  }
  return [...prefix, ...city, ...contains].slice(0, limit);
}

/**
 * The properly spelled zone for `input` ("europe/berlin" → "Europe/Berlin"), or undefined.
 * Legacy aliases Intl still knows ("Asia/Calcutta", "US/Eastern") are accepted; raw offsets
 * ("+01:00") are not: they don't follow daylight-saving time, which is the point of a zone.
 */
export function resolveTimeZone(input: string): string | undefined {
  const wanted = input.trim().replace(/\s+/g, '_');
  if (wanted === '' || /^[+\-−]/.test(wanted) || /^\d/.test(wanted)) return undefined;
  const exact = allTimeZones().find((z) => z.toLowerCase() === wanted.toLowerCase());
  if (exact) return exact;
  return known(wanted) ? new Intl.DateTimeFormat('en-US', { timeZone: wanted }).resolvedOptions().timeZone : undefined;
}
