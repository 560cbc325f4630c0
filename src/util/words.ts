// Split a string into words the way a shell does: whitespace separates, '...' quotes literally,
// "..." quotes with backslash escapes, a bare backslash escapes the next character; no expansion.
// Callers differ only in which characters a backslash escapes inside "..." and in what an
// unclosed quote means, so those are parameters.

// What splitWords returns: the words, and the quote left open at the end (if any).
export interface SplitResult {
  words: string[];
  openQuote?: "'" | '"';
}

// `escapesInDouble`: the characters a backslash escapes inside "..." (POSIX sh: `"\$` and the
// backtick); undefined means every character (Dockerfile words).
export function splitWords(text: string, escapesInDouble?: string): SplitResult {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === "\\" && next !== undefined && (escapesInDouble === undefined || escapesInDouble.includes(next))) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && next !== undefined) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return { words, openQuote: quote };
}
