"""Runs trafilatura on the benchmark pages, for `cargo bench --bench extraction`.

Reads page paths (one a line) on stdin; prints one JSON object: the extracted texts in
the same order and the seconds extraction took (parsing included, reading excluded).
"""
import gzip
import json
import sys
import time

import trafilatura

paths = [line.strip() for line in sys.stdin if line.strip()]
pages = [gzip.open(path, "rt", encoding="utf-8").read() for path in paths]
start = time.perf_counter()
texts = [trafilatura.extract(page) or "" for page in pages]
elapsed = time.perf_counter() - start
print(json.dumps({"texts": texts, "seconds": elapsed, "version": trafilatura.__version__}))
