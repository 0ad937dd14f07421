import { t, type Params } from '../i18n.ts';

/**
 * Input a member can put right: text too long, an unknown pose, a time that doesn't exist. It
 * carries a message key and its values; the interaction router answers with the sentence,
 * ephemerally, in the member's language. `message` is the English sentence (logs, tests).
 */
export class InputError extends Error {
  override name = 'InputError';
  readonly key: string;
  readonly params: Params;

  constructor(key: string, params: Params = {}) {
    super(t(key, params));
    this.key = key;
    this.params = params;
  }

  /** The sentence in `locale`. */
  text(locale?: string): string {
    return t(this.key, this.params, locale);
  }
}
