//! `jsonl`: one JSON object per document, offsets in code points.

use super::{ExportError, Filter, Summary};
use crate::model::{Document, Project, text::CharIndex};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

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
    spans: Vec<JsonSpan<'a>>,
    relations: Vec<JsonRelation<'a>>,
    offset_unit: &'static str,
}

/// Builds the JSON view of one document, checking every span slices.
fn json_doc<'a>(doc: &'a Document, filter: &Filter) -> Result<JsonDoc<'a>, ExportError> {
    let index = CharIndex::new(&doc.text);
    let mut spans = Vec::with_capacity(doc.spans.len());
    for s in doc.spans.iter().filter(|s| filter.keeps_span(s)) {
        let text = index
            .slice(s.start, s.end)
            .filter(|_| s.start < s.end)
            .ok_or_else(|| ExportError::BadSpan {
                doc: doc.id.clone(),
                span: s.id.clone(),
                start: s.start,
                end: s.end,
                len: index.len_chars(),
            })?;
        spans.push(JsonSpan {
            id: &s.id,
            start: s.start,
            end: s.end,
            label: &s.label,
            text,
            note: &s.note,
            attributes: &s.attributes,
            annotator: &s.annotator,
        });
    }
    let kept = |id: &str| spans.iter().find(|s| s.id == id);
    let relations = doc
        .relations
        .iter()
        .filter_map(|r| {
            let (h, c) = (kept(&r.head)?, kept(&r.child)?);
            Some(JsonRelation {
                id: &r.id,
                head: &r.head,
                child: &r.child,
                label: &r.label,
                head_span: SpanRef {
                    start: h.start,
                    end: h.end,
                    label: h.label,
                },
                child_span: SpanRef {
                    start: c.start,
                    end: c.end,
                    label: c.label,
                },
            })
        })
        .collect();
    Ok(JsonDoc {
        id: &doc.id,
        title: &doc.title,
        source: &doc.source,
        meta: Meta {
            byline: &doc.byline,
            published: &doc.published,
            site: &doc.site,
            status: doc.status.as_str(),
            note: &doc.note,
            extra: &doc.meta,
        },
        text: &doc.text,
        spans,
        relations,
        offset_unit: "codepoint",
    })
}

/// Writes one JSON object per kept document, one per line.
pub fn write_jsonl(
    project: &Project,
    filter: &Filter,
    out: &mut dyn Write,
) -> Result<Summary, ExportError> {
    let mut summary = Summary::default();
    let mut out = io::BufWriter::new(out);
    for doc in project
        .documents
        .iter()
        .filter(|d| filter.keeps_document(d))
    {
        let j = json_doc(doc, filter)?;
        summary.documents += 1;
        summary.spans += j.spans.len();
        summary.relations += j.relations.len();
        serde_json::to_writer(&mut out, &j).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CreationInfo, Relation, Span};

    #[test]
    fn spans_carry_their_text_and_code_point_offsets() {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let mut d = Document::new("d", "t", "🇰🇷 Seoul said “no” 👍🏽.");
        d.insert_span(Span::new("a", 3, 8, "entity"));
        d.insert_span(Span::new("b", 14, 18, "quote"));
        d.relations.push(Relation {
            id: "r".into(),
            head: "b".into(),
            child: "a".into(),
            label: "attributed_to".into(),
        });
        p.documents.push(d);
        let mut out = Vec::new();
        let sum = write_jsonl(&p, &Filter::default(), &mut out).unwrap();
        assert_eq!(
            sum,
            Summary {
                documents: 1,
                spans: 2,
                relations: 1
            }
        );
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["spans"][0]["text"], "Seoul");
        assert_eq!(v["spans"][1]["text"], "“no”");
        assert_eq!(v["relations"][0]["head_span"]["start"], 14);
        assert_eq!(v["offset_unit"], "codepoint");
    }

    #[test]
    fn a_span_that_does_not_slice_is_an_error() {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let mut d = Document::new("d", "t", "short");
        d.spans.push(Span::new("a", 2, 9, "entity"));
        p.documents.push(d);
        let err = write_jsonl(&p, &Filter::default(), &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("span a: offsets 2..9"), "{err}");
    }

    #[test]
    fn filters_drop_relations_whose_spans_are_gone() {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let mut d = Document::new("d", "t", "Kim said hello");
        d.insert_span(Span::new("a", 0, 3, "speaker"));
        d.insert_span(Span::new("b", 9, 14, "quote"));
        d.relations.push(Relation {
            id: "r".into(),
            head: "b".into(),
            child: "a".into(),
            label: "attributed_to".into(),
        });
        p.documents.push(d);
        let filter = Filter {
            labels: vec!["quote".into()],
            ..Default::default()
        };
        let sum = write_jsonl(&p, &filter, &mut Vec::new()).unwrap();
        assert_eq!(
            sum,
            Summary {
                documents: 1,
                spans: 1,
                relations: 0
            }
        );
    }
}
