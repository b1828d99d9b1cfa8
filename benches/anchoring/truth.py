#!/usr/bin/env python3
"""Quotes and their ground truth for the anchoring benchmark, from real revision pairs.

Every sentence of 40-300 characters that occurs once in an old revision becomes a quote
(with 32 characters of context each side, as claimcheck and Hypothesis store). Where it
is in the new revision is decided without any anchoring tool's matcher:

- text that occurs exactly once in the new revision is there (moved or unchanged);
- otherwise a word-level alignment of the two revisions (Python's difflib) maps the
  quote's first and last word boundaries; at least half of its words must survive in
  order for the passage to be "kept", else it is "gone" (rewritten or deleted) and the
  place its words went is recorded as where it was;
- a gone quote whose words survive, at least half and in order, in one other stretch of
  the new revision moved and was edited: that stretch is where it is.

Writes cases.json: byte offsets into each revision's UTF-8 bytes.
Usage: python3 benches/anchoring/truth.py  (from the repository root)
"""

import difflib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REVISIONS = os.path.join(HERE, "revisions")
CONTEXT = 32

# Datasets: their revisions in release order, and the documents each revision holds.
DATASETS = {
    "commander-readme": ["2.20.3", "4.1.1", "6.2.1", "8.3.0", "10.0.1", "12.1.0"],
    "axios-readme": ["0.19.2", "0.21.4", "0.27.2", "1.3.6", "1.7.9"],
    "click-docs": ["7.1.2", "8.0.4", "8.1.7"],
}

SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")
WORD = re.compile(r"\S+")


def sentences(text):
    """(start, end) character ranges of sentence-like units outside code blocks."""
    in_code = False
    at = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("```"):
            in_code = not in_code
        elif stripped.startswith(".. code-block"):
            pass  # the block itself is indented, and indented lines are skipped
        elif not in_code and stripped and not line.startswith(("    ", "\t")):
            lead = len(line) - len(line.lstrip())
            body = line.rstrip("\r\n")
            start = at + lead
            for piece in SENTENCE_END.split(body[lead:]):
                offset = text.index(piece, start) if piece else start
                if 40 <= len(piece) <= 300:
                    yield offset, offset + len(piece)
                start = offset + len(piece)
        at += len(line)


def words(text):
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def truth_for(old, new, old_words, new_words, opcodes, start, end):
    quote = old[start:end]
    if new.count(quote) == 1:
        at = new.index(quote)
        return "kept", at, at + len(quote)
    if new.count(quote) > 1:
        return None  # the truth itself is ambiguous: not a case
    first = next(i for i, w in enumerate(old_words) if w[1] > start)
    last = max(i for i, w in enumerate(old_words) if w[0] < end) + 1
    mapped = {}
    new_first = new_last = None
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            for i in range(max(i1, first), min(i2, last)):
                mapped[i] = j1 + (i - i1)
        if i1 <= first < i2 or (i1 == i2 == first):
            new_first = j1 + (first - i1) if tag == "equal" else j1
        if i1 < last <= i2:
            new_last = j1 + (last - i1) if tag == "equal" else j2
    share = len(mapped) / (last - first)
    if share >= 0.5 and new_first is not None and new_last is not None and new_last > new_first:
        return "kept", new_words[new_first][0], new_words[new_last - 1][1]
    # Moved and edited: the quote's words, at least half in order, in one stretch.
    quote_words = [w[2] for w in old_words[first:last]]
    matcher = difflib.SequenceMatcher(None, quote_words, [w[2] for w in new_words], autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    best = None
    for i, block in enumerate(blocks):
        covered, j = 0, i
        while j < len(blocks) and blocks[j].b + blocks[j].size - block.b <= 2 * len(quote_words):
            covered += blocks[j].size
            j += 1
        if best is None or covered > best[0]:
            best = (covered, block.b, blocks[j - 1].b + blocks[j - 1].size)
    if best and best[0] / len(quote_words) >= 0.5:
        return "kept", new_words[best[1]][0], new_words[best[2] - 1][1]
    if new_first is None or new_last is None:
        return "gone", 0, 0
    lo = new_words[new_first][0] if new_first < len(new_words) else len(new)
    hi = new_words[new_last - 1][1] if new_last > new_first else lo
    return "gone", lo, hi


def byte_offset(text, at):
    return len(text[:at].encode("utf-8"))


def pair_cases(old, new):
    old_words, new_words = words(old), words(new)
    opcodes = difflib.SequenceMatcher(
        None, [w[2] for w in old_words], [w[2] for w in new_words], autojunk=False
    ).get_opcodes()
    cases = []
    for start, end in sentences(old):
        quote = old[start:end]
        if old.count(quote) != 1:
            continue
        truth = truth_for(old, new, old_words, new_words, opcodes, start, end)
        if truth is None:
            continue
        state, lo, hi = truth
        cases.append(
            {
                "quote": quote,
                "prefix": old[max(0, start - CONTEXT):start],
                "suffix": old[end:end + CONTEXT],
                "start": byte_offset(old, start),
                "end": byte_offset(old, end),
                "truth": state,
                "truth_start": byte_offset(new, lo),
                "truth_end": byte_offset(new, hi),
            }
        )
    return cases


def main():
    out = []
    for dataset, versions in DATASETS.items():
        for older, newer in zip(versions, versions[1:]):
            for name in sorted(os.listdir(os.path.join(REVISIONS, dataset, older))):
                old_path = os.path.join(dataset, older, name)
                new_path = os.path.join(dataset, newer, name)
                with open(os.path.join(REVISIONS, old_path), encoding="utf-8") as f:
                    old = f.read()
                with open(os.path.join(REVISIONS, new_path), encoding="utf-8") as f:
                    new = f.read()
                out.append(
                    {
                        "dataset": dataset,
                        "old": old_path,
                        "new": new_path,
                        "cases": pair_cases(old, new),
                    }
                )
    with open(os.path.join(HERE, "cases.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=0, ensure_ascii=False)
        f.write("\n")
    total = sum(len(p["cases"]) for p in out)
    kept = sum(1 for p in out for c in p["cases"] if c["truth"] == "kept")
    print(f"{total} quotes ({kept} kept, {total - kept} gone) in {len(out)} revision pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
