/** Control characters and unpaired surrogates cannot be stored faithfully by every database. */
const UNSTORABLE = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether both databases store this text exactly as given. */
export function isStorable(text: string): boolean {
  return !UNSTORABLE.test(text);
}
