#!/usr/bin/env python3
"""Checks a Marginalia `spacy` export with spaCy itself.

Usage: check_spacy.py FILE.jsonl
For every task: a Doc built from `tokens` (words) and `ws` (spaces) has
exactly the task's text, and doc.char_span(start, end, label,
alignment_mode="strict") is never None for any span. Needs `pip install spacy`
(no model: spacy.blank).
"""
import json
import sys

import spacy
from spacy.tokens import Doc


def main(path):
    nlp = spacy.blank("xx")
    docs = spans = cats = kb_ids = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            task = json.loads(line)
            words = [t["text"] for t in task["tokens"]]
            spaces = [t["ws"] for t in task["tokens"]]
            doc = Doc(nlp.vocab, words=words, spaces=spaces)
            assert doc.text == task["text"], "Doc(words, spaces) rebuilds the text"
            doc.cats = task.get("cats", {})
            assert all(v in (0.0, 1.0) for v in doc.cats.values()), doc.cats
            cats += sum(1 for v in doc.cats.values() if v == 1.0)
            for s in task["spans"]:
                span = doc.char_span(s["start"], s["end"], label=s["label"],
                                     kb_id=s.get("kb_id", ""), alignment_mode="strict")
                assert span is not None, ("char_span is None", s)
                if "kb_id" in s:
                    assert span.kb_id_ == s["kb_id"], (span.kb_id_, s)
                    kb_ids += 1
                assert span.text == s["text"]
                assert span.start == s["token_start"] and span.end - 1 == s["token_end"]
                spans += 1
            docs += 1
    print(f"spaCy {spacy.__version__}: {docs} docs rebuilt, {spans} spans aligned, "
          f"{cats} cats set, {kb_ids} kb_ids")


if __name__ == "__main__":
    main(sys.argv[1])
