#!/usr/bin/env python3
"""Checks hand-annotated corpus files (corpus/*/NAME.json) against the
annotation guide's mechanical rules: offsets are code points into the
article text (Python's text[start:end]), spans inside the annotated prefix,
no whitespace at either edge, known labels, relations between existing spans
of the right labels.

    python3 scripts/corpus_check.py FILE.json [...] [--text NAME=TEXT.txt ...]

With --text, each file's spans are also checked against the given text
(otherwise against each span's own "text" only: the article text itself is
not stored, see corpus/README.md).
"""

import json
import sys

LABELS = {"quote", "speaker", "claim", "sanction_threat", "entity"}
RELATIONS = {"attributed_to"}


def check(path, text=None):
    problems = []
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    for key in ("source", "text_sha256", "chars", "spans", "relations"):
        if key not in doc:
            problems.append(f"missing key {key!r}")
    if problems:
        return problems
    chars = doc["chars"]
    ids = {}
    for i, s in enumerate(doc["spans"]):
        where = f"span {i} ({s.get('id')})"
        if s.get("label") not in LABELS:
            problems.append(f"{where}: unknown label {s.get('label')!r}")
        start, end, st = s.get("start"), s.get("end"), s.get("text", "")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= chars):
            problems.append(f"{where}: bad offsets {start}..{end} (prefix is {chars})")
            continue
        if len(st) != end - start:
            problems.append(f"{where}: text has {len(st)} chars, offsets say {end - start}")
        if text is not None and text[start:end] != st:
            problems.append(f"{where}: text[{start}:{end}] is {text[start:end]!r}, not {st!r}")
        if st != st.strip():
            problems.append(f"{where}: starts or ends with whitespace: {st!r}")
        if s.get("id") in ids:
            problems.append(f"{where}: duplicate id")
        ids[s.get("id")] = s
    seen = set()
    for i, r in enumerate(doc["relations"]):
        where = f"relation {i}"
        if r.get("label") not in RELATIONS:
            problems.append(f"{where}: unknown label {r.get('label')!r}")
        head, child = ids.get(r.get("head")), ids.get(r.get("child"))
        if head is None or child is None:
            problems.append(f"{where}: head or child is not a span id")
            continue
        if head["label"] not in ("quote", "claim"):
            problems.append(f"{where}: head is a {head['label']}, not a quote or claim")
        if child["label"] != "speaker":
            problems.append(f"{where}: child is a {child['label']}, not a speaker")
        key = (r.get("head"), r.get("child"))
        if key in seen:
            problems.append(f"{where}: duplicate")
        seen.add(key)
    return problems


def main(argv):
    texts, files = {}, []
    args = iter(argv)
    for a in args:
        if a == "--text":
            name, _, p = next(args).partition("=")
            with open(p, encoding="utf-8") as f:
                texts[name] = f.read()
        else:
            files.append(a)
    bad = 0
    for path in files:
        name = path.rsplit("/", 1)[-1].removesuffix(".json")
        problems = check(path, texts.get(name))
        for p in problems:
            print(f"{path}: {p}")
        bad += bool(problems)
    print(f"{len(files) - bad} of {len(files)} files pass")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
