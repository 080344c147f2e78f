#!/usr/bin/env python3
"""Writes a JSONL corpus of about SIZE_MB megabytes of article text built from the fixture
articles (tests/fixtures/articles/*.txt), one record {id, text} per line, ids varied.

usage: gen_corpus.py OUT.jsonl [SIZE_MB]   (default 200)
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
out = pathlib.Path(sys.argv[1])
size = float(sys.argv[2]) if len(sys.argv) > 2 else 200.0
arts = sorted((root / "tests/fixtures/articles").glob("*.txt"))
texts = [(p.stem, p.read_text(encoding="utf-8")) for p in arts]
lines = [json.dumps({"id": "@ID@", "text": t}, ensure_ascii=False) for _, t in texts]
target = int(size * 1_000_000)
written = 0
n = 0
with out.open("w", encoding="utf-8") as f:
    while written < target:
        for (stem, _), line in zip(texts, lines):
            rec = line.replace('"@ID@"', json.dumps(f"{stem}-{n:07d}"), 1) + "\n"
            f.write(rec)
            written += len(rec.encode("utf-8"))
            n += 1
            if written >= target:
                break
print(f"{out}: {n} records, {written / 1e6:.1f} MB", file=sys.stderr)
