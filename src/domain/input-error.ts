import { t, type Params } from '../i18n.ts';

/** A message value: plain, or another input error (its sentence, in the same language). */
type Values = Record<string, Params[string] | InputError>;

/**
 * Input a member can put right (text too long, an unknown pose, a time that doesn't exist), or
 * a refusal they should hear about (the store is away). It carries a message key and its values;
 * the interaction router answers with the sentence, ephemerally, in the member's language.
 * `message` is the English sentence (for logs and tests).
 */
export class InputError extends Error {
  override name = 'InputError';
  readonly key: string;
  readonly values: Values;

  constructor(key: string, values: Values = {}) {
    super(render(key, values));
    this.key = key;
    this.values = values;
  }

  /** The sentence in `locale` (English where that language lacks it). */
  text(locale?: string): string {
    return render(this.key, this.values, locale);
  }
}

function render(key: string, values: Values, locale?: string): string {
  const params: Params = {};
  for (const [name, value] of Object.entries(values))
    params[name] = value instanceof InputError ? value.text(locale) : value;
  return t(key, params, locale);
}
