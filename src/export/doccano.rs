//! `doccano`: sequence-labeling JSONL. Without relations:
//! `{"id", "text", "label": [[start, end, label], ...]}`; a project with
//! relations or registry links uses doccano's `entities`/`relations` form
//! (a linked entity also has `entity` and `kb_id`). Document labels are
//! `cats: ["set:choice", ...]`, as doccano's intent and slot filling has them.

use super::{DocView, ExportError, Summary};
use serde_json::json;
use std::io::Write;

/// Writes one doccano object per document.
pub(super) fn write(docs: &[DocView<'_>], out: &mut dyn Write) -> Result<Summary, ExportError> {
    let with_relations = docs
        .iter()
        .any(|v| !v.relations.is_empty() || v.spans.iter().any(|c| c.span.entity.is_some()));
    let mut summary = Summary::default();
    for v in docs {
        let mut obj = if with_relations {
            let entities: Vec<_> = v
                .spans
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let mut e = json!({"id": i, "start_offset": c.span.start, "end_offset": c.span.end, "label": c.span.label});
                    if let Some(x) = v.entity(c.span) {
                        e["entity"] = json!({"id": x.id, "name": x.name, "kb_id": x.kb_id()});
                    }
                    e
                })
                .collect();
            let relations: Vec<_> = v
                .relations
                .iter()
                .enumerate()
                .filter_map(|(i, r)| {
                    Some(json!({"id": i, "from_id": v.span_index(&r.head)?, "to_id": v.span_index(&r.child)?, "type": r.label}))
                })
                .collect();
            json!({"id": v.doc.id, "text": v.doc.text, "entities": entities, "relations": relations, "title": v.doc.title})
        } else {
            let label: Vec<_> = v
                .spans
                .iter()
                .map(|c| json!([c.span.start, c.span.end, c.span.label]))
                .collect();
            json!({"id": v.doc.id, "text": v.doc.text, "label": label, "title": v.doc.title})
        };
        // Document labels in doccano's text classification shape.
        let cats = v.cat_names();
        if !cats.is_empty() {
            obj["cats"] = json!(cats);
        }
        summary.documents += 1;
        summary.spans += v.spans.len();
        summary.relations += if with_relations { v.relations.len() } else { 0 };
        serde_json::to_writer(&mut *out, &obj).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
    }
    Ok(summary)
}
