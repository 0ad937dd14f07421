/**
 * IANA time-zone names, for validation and for Discord autocomplete (at most 25 choices).
 * `Intl.supportedValuesOf` lists canonical region zones only, so "UTC" is added by hand.
 */
let zones: string[] | undefined;

export function allTimeZones(): readonly string[] {
  zones ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'].sort();
  return zones;
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
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: wanted }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
