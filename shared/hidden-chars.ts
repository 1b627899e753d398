// Characters that act without showing themselves, in one place for every output built from page data (the cURL
// command, the uni call as code, the panel's text): C0/C1 controls and DEL (\p{Cc}: a pasted ^C interrupts the
// shell's line, ESC starts terminal sequences), format characters (\p{Cf}: the bidi embeddings, overrides and
// isolates U+202A–U+202E and U+2066–U+2069, U+061C, the zero-width U+200B–U+200F and U+2060–U+2064, U+FEFF, tag
// characters), the line and paragraph separators U+2028/U+2029, the Hangul fillers (blank letters used for
// invisible identifiers), and lone surrogates (\p{Cs} under /u: no UTF-8 text can hold them). U+202E turns
// `FORGED-gnp.exe` into what reads as `FORGED-exe.png`; Trojan Source (CVE-2021-42574) hides code the same way.

const HIDDEN_CLASS = '[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}\\u115F\\u1160\\u3164\\uFFA0]';

/** True when the text holds at least one hidden character (cheap: test this before replacing). */
export const HAS_HIDDEN = new RegExp(HIDDEN_CLASS, 'u');

/** Every hidden character (global: use with String.prototype.replace only, which resets lastIndex). */
export const HIDDEN_CHARS = new RegExp(HIDDEN_CLASS, 'gu');

/** `U+202E`: a character's code point as Unicode writes it (at least four hex digits). */
export function codePointName(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
