//! `doccano`: sequence-labeling JSONL. Without relations:
//! `{"id", "text", "label": [[start, end, label], ...]}`; a project with
//! relations uses doccano's `entities`/`relations` form.

use super::{DocView, ExportError, Summary};
use serde_json::json;
use std::io::Write;

/// Writes one doccano object per document.
pub(super) fn write(docs: &[DocView<'_>], out: &mut dyn Write) -> Result<Summary, ExportError> {
    let with_relations = docs.iter().any(|v| !v.relations.is_empty());
    let mut summary = Summary::default();
    for v in docs {
        let obj = if with_relations {
            let entities: Vec<_> = v
                .spans
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    json!({"id": i, "start_offset": c.span.start, "end_offset": c.span.end, "label": c.span.label})
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
        summary.documents += 1;
        summary.spans += v.spans.len();
        summary.relations += if with_relations { v.relations.len() } else { 0 };
        serde_json::to_writer(&mut *out, &obj).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
    }
    Ok(summary)
}
