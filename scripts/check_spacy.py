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
    docs = spans = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            task = json.loads(line)
            words = [t["text"] for t in task["tokens"]]
            spaces = [t["ws"] for t in task["tokens"]]
            doc = Doc(nlp.vocab, words=words, spaces=spaces)
            assert doc.text == task["text"], "Doc(words, spaces) rebuilds the text"
            for s in task["spans"]:
                span = doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict")
                assert span is not None, ("char_span is None", s)
                assert span.text == s["text"]
                assert span.start == s["token_start"] and span.end - 1 == s["token_end"]
                spans += 1
            docs += 1
    print(f"spaCy {spacy.__version__}: {docs} docs rebuilt, {spans} spans aligned")


if __name__ == "__main__":
    main(sys.argv[1])
