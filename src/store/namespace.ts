/**
 * Keys are stored as `<namespace>::<key>`, the same layout @keyv/redis uses, so both backends
 * hold the same key strings and a database can be inspected by eye.
 */
export const SEPARATOR = '::';

/**
 * A namespace may not contain `::` nor end with `:`. With that rule the stored key
 * `<namespace>::<key>` names exactly one namespace, so clearing or listing `notes` can never
 * reach `notes:123`'s keys (nor the other way round), on either backend. Characters Redis'
 * SCAN MATCH treats as a glob (`* ? [ ] \`) are refused too, because that is how @keyv/redis
 * finds a namespace's keys.
 */
export function checkNamespace(namespace: string): string {
  if (namespace === '') throw new Error('A store namespace must not be empty.');
  if (namespace.includes(SEPARATOR) || namespace.endsWith(':')) {
    throw new Error(`Store namespace "${namespace}" must not contain "::" or end with ":".`);
  }
  if (/[*?[\]\\]/.test(namespace)) {
    throw new Error(`Store namespace "${namespace}" must not contain * ? [ ] or \\.`);
  }
  return namespace;
}

/** The stored key for `key` in `namespace` (no namespace: the key as it is). */
export function storedKey(namespace: string | undefined, key: string): string {
  return namespace ? `${namespace}${SEPARATOR}${key}` : key;
}

/**
 * The half-open range [low, high) of stored keys that belong to `namespace`: every string that
 * starts with `<namespace>::`. `high` is the prefix with its last character (`:`) bumped to
 * `;`, so a plain comparison on the primary key index selects the namespace.
 */
export function namespaceRange(namespace: string): { low: string; high: string } {
  const low = `${namespace}${SEPARATOR}`;
  return { low, high: `${namespace}:;` };
}
