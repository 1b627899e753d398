// Page text as the panel shows it: every hidden character (shared/hidden-chars.ts) written visibly as <U+202E>, so
// that a file named `FORGED-<U+202E>gnp.exe` cannot pass for `FORGED-exe.png`, and a zero-width or control
// character cannot make two names look the same. Values stay exact everywhere else (filter, copy, export). The
// CSS side (`unicode-bidi: isolate` on page-text elements, panel.css and details.css) keeps right-to-left page
// text from reordering the panel's own text around it. Called for every rendered row: a precompiled test first,
// and nothing else for the usual text without hidden characters.

import { codePointName, HAS_HIDDEN, HIDDEN_CHARS } from '../shared/hidden-chars';

const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F)$/u;
const LINE_BREAKS = new Set(['\n', '\r', '\t']);

/** A zero-width joiner inside an emoji sequence (👩‍💻) joins pictures, and shows as nothing suspicious. */
function joinsEmoji(text: string, offset: number): boolean {
  const before = text.codePointAt(offset - 1);
  const previous =
    before !== undefined && before >= 0xdc00 && before <= 0xdfff && offset >= 2
      ? String.fromCodePoint(text.codePointAt(offset - 2) ?? 0)
      : String.fromCodePoint(before ?? 0);
  const next = String.fromCodePoint(text.codePointAt(offset + 1) ?? 0);
  return offset > 0 && EMOJI.test(previous) && EMOJI.test(next);
}

/**
 * The text with hidden characters shown as `<U+XXXX>`. `multiline` keeps line feeds, carriage returns and tabs
 * (for text shown in <pre>: response bodies, JSON).
 */
export function shown(text: string, multiline = false): string {
  if (!HAS_HIDDEN.test(text)) return text;
  return text.replace(HIDDEN_CHARS, (char: string, offset: number) => {
    if (multiline && LINE_BREAKS.has(char)) return char;
    if (char === '\u200D' && joinsEmoji(text, offset)) return char;
    return `<${codePointName(char)}>`;
  });
}

/** The same for a value that may be absent (kept absent, so that "—" placeholders still apply). */
export function shownOptional(text: string | undefined): string | undefined {
  return text === undefined ? undefined : shown(text);
}
