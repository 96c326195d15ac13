/** Non-ASCII UTF-16 units; global: `lastIndex` is where a scan starts, then where its match ends. */
export const NON_ASCII = /[\u0080-\uffff]/g;

/** UTF-8 bytes of the character at `i` (4: a surrogate pair ending before `stop`; a lone surrogate encodes as U+FFFD: 3). */
export function utf8Weight(data: string, i: number, stop: number): number {
  const c = data.charCodeAt(i);
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < stop) {
    const next = data.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 4;
  }
  return 3;
}
