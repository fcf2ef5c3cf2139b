//! `spacy`: Prodigy/spaCy task JSONL. Each line has `text`, `tokens`
//! (`text`, `start`, `end`, `id`, `ws`), `spans` with `token_start` and
//! `token_end` (inclusive, as Prodigy has it), `relations` in Prodigy's shape
//! (`head`/`child` are the token index where each span starts), and `meta`.

use super::tokens::{token_span, tokenize};
use super::{DocView, ExportError, Summary};
use serde_json::json;
use std::collections::BTreeSet;
use std::io::Write;

/// Writes one Prodigy task per document.
pub(super) fn write(docs: &[DocView<'_>], out: &mut dyn Write) -> Result<Summary, ExportError> {
    let mut summary = Summary::default();
    for v in docs {
        let starts: BTreeSet<usize> = v.spans.iter().map(|c| c.span.start).collect();
        let ends: BTreeSet<usize> = v.spans.iter().map(|c| c.span.end).collect();
        let tokens = tokenize(&v.doc.text, &starts, &ends);
        let mut spans = Vec::with_capacity(v.spans.len());
        let mut aligned = Vec::with_capacity(v.spans.len());
        for c in &v.spans {
            let (ts, te) = token_span(&tokens, c.span.start, c.span.end).ok_or_else(|| {
                ExportError::Unaligned {
                    doc: v.doc.id.clone(),
                    span: c.span.id.clone(),
                }
            })?;
            aligned.push((ts, te));
            let mut span = json!({
                "start": c.span.start, "end": c.span.end, "token_start": ts, "token_end": te,
                "label": c.span.label, "text": c.text, "id": c.span.id,
            });
            if let Some(e) = v.entity(c.span) {
                span["kb_id"] = json!(e.kb_id());
                span["entity"] = json!(e.id);
            }
            spans.push(span);
        }
        let span_json = |i: usize| {
            let c = &v.spans[i];
            json!({"start": c.span.start, "end": c.span.end, "token_start": aligned[i].0,
                   "token_end": aligned[i].1, "label": c.span.label})
        };
        let relations: Vec<_> = v
            .relations
            .iter()
            .filter_map(|r| {
                let (h, c) = (v.span_index(&r.head)?, v.span_index(&r.child)?);
                Some(
                    json!({"head": aligned[h].0, "child": aligned[c].0, "label": r.label,
                            "head_span": span_json(h), "child_span": span_json(c)}),
                )
            })
            .collect();
        let tokens_json: Vec<_> = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| json!({"text": t.text, "start": t.start, "end": t.end, "id": i, "ws": t.ws}))
            .collect();
        let mut obj = json!({
            "text": v.doc.text,
            "tokens": tokens_json,
            "spans": spans,
            "relations": relations,
            "meta": {"id": v.doc.id, "title": v.doc.title, "source": v.doc.source, "status": v.doc.status.as_str()},
            "answer": "accept",
        });
        let cats = v.cats();
        if !cats.is_empty() {
            obj["cats"] = serde_json::Value::Object(cats);
        }
        summary.documents += 1;
        summary.spans += v.spans.len();
        summary.relations += relations.len();
        serde_json::to_writer(&mut *out, &obj).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
    }
    Ok(summary)
}
