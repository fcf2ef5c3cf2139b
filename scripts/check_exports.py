#!/usr/bin/env python3
"""Reads Marginalia's exports the way a consumer would and checks every span.

Usage: check_exports.py DIR
DIR holds out.jsonl, doccano.jsonl, spacy.jsonl, conll.conll and brat/ from the
same project. The jsonl export is the reference: every other format must
express the same spans (CoNLL: those it reports as kept). Exits non-zero with
a message on the first mismatch; prints counts on success.
"""
import json
import os
import sys


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main(d):
    ref = load_jsonl(os.path.join(d, "out.jsonl"))
    by_id = {doc["id"]: doc for doc in ref}
    n = 0
    for doc in ref:
        assert doc["offset_unit"] == "codepoint"
        for s in doc["spans"]:
            assert doc["text"][s["start"]:s["end"]] == s["text"], ("jsonl", s)
            n += 1
        spans = {s["id"]: s for s in doc["spans"]}
        for r in doc["relations"]:
            assert r["head"] in spans and r["child"] in spans, ("jsonl relation", r)
            assert r["head_span"]["start"] == spans[r["head"]]["start"]

    # doccano
    for doc, line in zip(ref, load_jsonl(os.path.join(d, "doccano.jsonl"))):
        assert line["text"] == doc["text"], "doccano text"
        ents = line.get("entities")
        if ents is None:
            got = sorted((s, e, l) for s, e, l in line["label"])
        else:
            got = sorted((x["start_offset"], x["end_offset"], x["label"]) for x in ents)
            ids = {x["id"] for x in ents}
            for r in line["relations"]:
                assert r["from_id"] in ids and r["to_id"] in ids, ("doccano relation", r)
            assert len(line["relations"]) == len(doc["relations"])
        want = sorted((s["start"], s["end"], s["label"]) for s in doc["spans"])
        assert got == want, ("doccano spans", got, want)

    # spaCy / Prodigy
    for doc, task in zip(ref, load_jsonl(os.path.join(d, "spacy.jsonl"))):
        text = task["text"]
        assert text == doc["text"]
        toks = task["tokens"]
        rebuilt = "".join(t["text"] + (" " if t["ws"] else "") for t in toks)
        assert rebuilt == text, "tokens + ws rebuild the text"
        for i, t in enumerate(toks):
            assert t["id"] == i and text[t["start"]:t["end"]] == t["text"], ("token", t)
        for s in task["spans"]:
            assert text[s["start"]:s["end"]] == s["text"], ("spacy span", s)
            assert toks[s["token_start"]]["start"] == s["start"], ("token_start", s)
            assert toks[s["token_end"]]["end"] == s["end"], ("token_end (inclusive)", s)
        assert len(task["spans"]) == len(doc["spans"])
        for r in task["relations"]:
            assert toks[r["head"]]["start"] == r["head_span"]["start"]
            assert toks[r["child"]]["start"] == r["child_span"]["start"]

    # brat
    bdir = os.path.join(d, "brat")
    assert os.path.exists(os.path.join(bdir, "annotation.conf"))
    for doc in ref:
        with open(os.path.join(bdir, doc["id"] + ".txt"), encoding="utf-8", newline="") as f:
            text = f.read()
        assert text == doc["text"], "brat .txt is the text"
        got = []
        with open(os.path.join(bdir, doc["id"] + ".ann"), encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.startswith("T"):
                    continue
                tid, mid, covered = line.split("\t")
                label, offsets = mid.split(" ", 1)
                frags = [tuple(map(int, p.split(" "))) for p in offsets.split(";")]
                pieces = [text[s:e] for s, e in frags]
                assert all("\n" not in p for p in pieces), ("brat fragment crosses a line", line)
                assert " ".join(pieces) == covered, ("brat covered text", line)
                got.append((frags[0][0], frags[-1][1], label))
        want = sorted((s["start"], s["end"], s["label"]) for s in doc["spans"])
        assert sorted(got) == want, ("brat spans", sorted(got), want)

    # CoNLL: B-/I- runs are the kept spans' tokens, in order.
    with open(os.path.join(d, "conll.conll"), encoding="utf-8") as f:
        docs, cur = [], None
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("-DOCSTART-"):
                cur = []
                docs.append(cur)
            elif line:
                tok, tag = line.split("\t")
                cur.append((tok, tag))
    assert len(docs) == len(ref)
    conll_spans = 0
    for doc, rows in zip(ref, docs):
        runs, run = [], None
        for tok, tag in rows:
            if tag.startswith("B-"):
                run = [tag[2:], tok]
                runs.append(run)
            elif tag.startswith("I-"):
                assert run is not None and run[0] == tag[2:], ("I- without B-", tok, tag)
                run[1] += tok
            else:
                run = None
        kept, last_end = [], 0
        for s in doc["spans"]:  # canonical order: by start, longer first
            if s["start"] >= last_end:
                kept.append(s)
                last_end = s["end"]
        want = [(s["label"], "".join(s["text"].split())) for s in kept]
        assert [(l, t) for l, t in runs] == want, ("conll runs", runs, want)
        conll_spans += len(runs)
    print(f"ok: {len(ref)} documents, {n} spans checked in jsonl, doccano, spacy, brat; {conll_spans} in conll")


if __name__ == "__main__":
    main(sys.argv[1])
