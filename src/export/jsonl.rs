//! `jsonl`: one JSON object per document, offsets in code points.

use super::{DocView, ExportError, Summary};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

#[derive(Serialize)]
struct JsonSpan<'a> {
    id: &'a str,
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
    note: &'a str,
    attributes: &'a BTreeMap<String, String>,
    annotator: &'a str,
    /// Other annotators of the very same span (merged projects).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    also_by: &'a [String],
    /// The registry entry the span names.
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<EntityRef<'a>>,
}

#[derive(Serialize)]
struct EntityRef<'a> {
    id: &'a str,
    name: &'a str,
    kb_id: &'a str,
}

#[derive(Serialize)]
struct SpanRef<'a> {
    start: usize,
    end: usize,
    label: &'a str,
}

#[derive(Serialize)]
struct JsonRelation<'a> {
    id: &'a str,
    head: &'a str,
    child: &'a str,
    label: &'a str,
    head_span: SpanRef<'a>,
    child_span: SpanRef<'a>,
}

#[derive(Serialize)]
struct Meta<'a> {
    byline: &'a str,
    published: &'a str,
    site: &'a str,
    status: &'a str,
    note: &'a str,
    /// Active annotation time per analyst (milliseconds).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    active_ms: &'a BTreeMap<String, u64>,
    #[serde(flatten)]
    extra: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    id: &'a str,
    title: &'a str,
    source: &'a str,
    meta: Meta<'a>,
    text: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    doc_labels: &'a BTreeMap<String, Vec<String>>,
    spans: Vec<JsonSpan<'a>>,
    relations: Vec<JsonRelation<'a>>,
    offset_unit: &'static str,
}

fn json_doc<'a>(v: &'a DocView<'a>) -> JsonDoc<'a> {
    let doc = v.doc;
    let span_ref = |id: &str| {
        v.spans.iter().find(|c| c.span.id == id).map(|c| SpanRef {
            start: c.span.start,
            end: c.span.end,
            label: &c.span.label,
        })
    };
    JsonDoc {
        id: &doc.id,
        title: &doc.title,
        source: &doc.source,
        meta: Meta {
            byline: &doc.byline,
            published: &doc.published,
            site: &doc.site,
            status: doc.status.as_str(),
            note: &doc.note,
            active_ms: &doc.active_ms,
            extra: &doc.meta,
        },
        text: &doc.text,
        doc_labels: &doc.doc_labels,
        spans: v
            .spans
            .iter()
            .map(|c| JsonSpan {
                id: &c.span.id,
                start: c.span.start,
                end: c.span.end,
                label: &c.span.label,
                text: c.text,
                note: &c.span.note,
                attributes: &c.span.attributes,
                annotator: &c.span.annotator,
                also_by: &c.span.also_by,
                entity: v.entity(c.span).map(|e| EntityRef {
                    id: &e.id,
                    name: &e.name,
                    kb_id: e.kb_id(),
                }),
            })
            .collect(),
        relations: v
            .relations
            .iter()
            .filter_map(|r| {
                Some(JsonRelation {
                    id: &r.id,
                    head: &r.head,
                    child: &r.child,
                    label: &r.label,
                    head_span: span_ref(&r.head)?,
                    child_span: span_ref(&r.child)?,
                })
            })
            .collect(),
        offset_unit: "codepoint",
    }
}

/// Writes one JSON object per document, one per line.
pub(super) fn write(docs: &[DocView<'_>], out: &mut dyn Write) -> Result<Summary, ExportError> {
    let mut summary = Summary::default();
    for v in docs {
        let j = json_doc(v);
        summary.documents += 1;
        summary.spans += j.spans.len();
        summary.relations += j.relations.len();
        serde_json::to_writer(&mut *out, &j).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::super::{Filter, export};
    use crate::model::{CreationInfo, Document, Project, Relation, Span};

    #[test]
    fn spans_carry_their_text_and_code_point_offsets() {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let mut d = Document::new("d", "t", "🇰🇷 Seoul said “no” 👍🏽.");
        d.insert_span(Span::new("a", 3, 8, "entity"));
        d.insert_span(Span::new("b", 14, 18, "quote"));
        d.relations
            .push(Relation::new("r", "b", "a", "attributed_to"));
        p.documents.push(d);
        let mut out = Vec::new();
        let sum = export(
            &p,
            super::super::Format::Jsonl,
            &Filter::default(),
            &mut out,
        )
        .unwrap();
        assert_eq!((sum.documents, sum.spans, sum.relations), (1, 2, 1));
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["spans"][0]["text"], "Seoul");
        assert_eq!(v["spans"][1]["text"], "“no”");
        assert_eq!(v["relations"][0]["head_span"]["start"], 14);
        assert_eq!(v["offset_unit"], "codepoint");
    }

    #[test]
    fn filters_drop_relations_whose_spans_are_gone() {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let mut d = Document::new("d", "t", "Kim said hello");
        d.insert_span(Span::new("a", 0, 3, "speaker"));
        d.insert_span(Span::new("b", 9, 14, "quote"));
        d.relations
            .push(Relation::new("r", "b", "a", "attributed_to"));
        p.documents.push(d);
        let filter = Filter {
            labels: vec!["quote".into()],
            ..Default::default()
        };
        let sum = export(&p, super::super::Format::Jsonl, &filter, &mut Vec::new()).unwrap();
        assert_eq!((sum.documents, sum.spans, sum.relations), (1, 1, 0));
    }
}
