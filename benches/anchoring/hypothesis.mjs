// The peer in claimcheck's anchoring benchmark: Hypothesis's way of re-anchoring a
// TextQuoteSelector (its client's src/annotator/anchoring/match-quote), written here
// after that algorithm: exact occurrences first, else every approximate match of the
// quote with at most min(256, length / 2) errors (approx-string-match, the library it
// ships); each scored 50 × quote + 20 × prefix + 20 × suffix + 2 × position, the
// context scores being 1 − errors ÷ length of the best match of the stored context in
// the text beside the candidate; the best score wins. It never refuses a match.
//
// Usage: node hypothesis.mjs cases.json revisions/ > results.json
// Output: {"millis": total search time, "results": [[[start, end] | null, ...], ...]},
// byte offsets into each new revision, per pair and case of cases.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import search from 'approx-string-match';

function matches(text, str, maxErrors) {
  const exact = [];
  for (let at = text.indexOf(str); at !== -1; at = text.indexOf(str, at + 1)) {
    exact.push({ start: at, end: at + str.length, errors: 0 });
  }
  return exact.length > 0 ? exact : search(text, str, maxErrors);
}

function similarity(text, str) {
  if (str.length === 0 || text.length === 0) return 0;
  const found = matches(text, str, str.length);
  return found.length === 0 ? 0 : 1 - found[0].errors / str.length;
}

function matchQuote(text, quote, context) {
  if (quote.length === 0) return null;
  const found = matches(text, quote, Math.min(256, quote.length / 2));
  if (found.length === 0) return null;
  const score = (m) => {
    const quoteScore = 1 - m.errors / quote.length;
    const prefixScore = context.prefix
      ? similarity(text.slice(Math.max(0, m.start - context.prefix.length), m.start), context.prefix)
      : 1;
    const suffixScore = context.suffix
      ? similarity(text.slice(m.end, m.end + context.suffix.length), context.suffix)
      : 1;
    const positionScore = 1 - Math.abs(m.start - context.hint) / text.length;
    return (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * positionScore) / 92;
  };
  let best = null;
  for (const m of found) {
    const s = score(m);
    if (best === null || s > best.score) best = { start: m.start, end: m.end, score: s };
  }
  return best;
}

const utf16At = (text, byte) => Buffer.from(text).subarray(0, byte).toString().length;
const byteAt = (text, index) => Buffer.byteLength(text.slice(0, index));

const [casesPath, revisions] = process.argv.slice(2);
const pairs = JSON.parse(readFileSync(casesPath, 'utf8'));
let millis = 0;
const results = pairs.map((pair) => {
  const oldText = readFileSync(join(revisions, pair.old), 'utf8');
  const newText = readFileSync(join(revisions, pair.new), 'utf8');
  return pair.cases.map((c) => {
    const hint = utf16At(oldText, c.start);
    const started = process.hrtime.bigint();
    const found = matchQuote(newText, c.quote, { prefix: c.prefix, suffix: c.suffix, hint });
    millis += Number(process.hrtime.bigint() - started) / 1e6;
    return found && [byteAt(newText, found.start), byteAt(newText, found.end)];
  });
});
process.stdout.write(JSON.stringify({ millis, results }));
