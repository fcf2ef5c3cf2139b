//! JSONL from annotation tools: Marginalia's own `jsonl` export, doccano
//! (`label`/`labels` as `[start, end, label]`, or `entities`/`relations`),
//! and Prodigy/spaCy (`spans` with `start`/`end`/`label`, Prodigy relations).
//!
//! A line's text is kept exactly (no newline normalization), so its offsets
//! stay valid. Unknown labels join the project's label set. A line that is not
//! JSON, or whose spans do not fit its text, is reported and skipped.

use super::{ImportOptions, Outcome};
use crate::model::{
    Document, IdGen, Label, Project, Relation, Span, Status, palette_color, text::CharIndex,
};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};

/// A span read from a line, before it gets an id.
struct RawSpan {
    id: Option<String>,
    start: usize,
    end: usize,
    label: String,
    note: String,
    annotator: Option<String>,
    also_by: Vec<String>,
    attributes: BTreeMap<String, String>,
}

/// A relation read from a line, with its ends as indexes into the spans.
struct RawRelation {
    id: Option<String>,
    head: usize,
    child: usize,
    label: String,
}

fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn uint(v: Option<&Value>, what: &str) -> Result<usize, String> {
    v.and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| format!("{what} is missing or not a whole number"))
}

fn label_of(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_owned()),
        _ => Err(format!("label {v} is not a non-empty string")),
    }
}

fn parse_spans(obj: &Map<String, Value>) -> Result<(Vec<RawSpan>, Vec<RawRelation>), String> {
    let mut spans = Vec::new();
    let mut relations = Vec::new();
    if let Some(Value::Array(list)) = obj.get("spans") {
        // Marginalia and Prodigy/spaCy.
        for s in list {
            let o = s.as_object().ok_or("a span is not an object")?;
            let attributes = o
                .get("attributes")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| Some((k.clone(), str_of(v)?)))
                        .collect()
                })
                .unwrap_or_default();
            spans.push(RawSpan {
                id: o.get("id").and_then(Value::as_str).map(str::to_owned),
                start: uint(o.get("start"), "span start")?,
                end: uint(o.get("end"), "span end")?,
                label: label_of(o.get("label").unwrap_or(&Value::Null))?,
                note: o
                    .get("note")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
                annotator: o
                    .get("annotator")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                also_by: o
                    .get("also_by")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
                attributes,
            });
        }
        if let Some(Value::Array(rels)) = obj.get("relations") {
            for r in rels {
                let o = r.as_object().ok_or("a relation is not an object")?;
                let label = label_of(o.get("label").unwrap_or(&Value::Null))?;
                // Marginalia: head/child are span ids. Prodigy: head_span/child_span.
                let find = |key: &str, span_key: &str| -> Result<usize, String> {
                    if let Some(id) = o.get(key).and_then(Value::as_str)
                        && let Some(i) = spans.iter().position(|s| s.id.as_deref() == Some(id))
                    {
                        return Ok(i);
                    }
                    let sp = o
                        .get(span_key)
                        .and_then(Value::as_object)
                        .ok_or_else(|| format!("relation {key} names no span"))?;
                    let (s, e) = (uint(sp.get("start"), "start")?, uint(sp.get("end"), "end")?);
                    let l = sp.get("label").and_then(Value::as_str);
                    spans
                        .iter()
                        .position(|x| x.start == s && x.end == e && l.is_none_or(|l| x.label == l))
                        .ok_or_else(|| {
                            format!("relation {key} span {s}..{e} is not among the spans")
                        })
                };
                relations.push(RawRelation {
                    id: o.get("id").and_then(Value::as_str).map(str::to_owned),
                    head: find("head", "head_span")?,
                    child: find("child", "child_span")?,
                    label,
                });
            }
        }
    } else if let Some(Value::Array(list)) = obj.get("entities") {
        // doccano with relations.
        let mut ids = Vec::new();
        for e in list {
            let o = e.as_object().ok_or("an entity is not an object")?;
            ids.push(o.get("id").cloned().unwrap_or(Value::Null));
            spans.push(RawSpan {
                id: None,
                start: uint(o.get("start_offset"), "start_offset")?,
                end: uint(o.get("end_offset"), "end_offset")?,
                label: label_of(o.get("label").unwrap_or(&Value::Null))?,
                note: String::new(),
                annotator: None,
                also_by: Vec::new(),
                attributes: BTreeMap::new(),
            });
        }
        if let Some(Value::Array(rels)) = obj.get("relations") {
            for r in rels {
                let o = r.as_object().ok_or("a relation is not an object")?;
                let end = |k: &str| {
                    let id = o.get(k).unwrap_or(&Value::Null);
                    ids.iter()
                        .position(|x| x == id)
                        .ok_or_else(|| format!("relation {k} {id} is not an entity id"))
                };
                relations.push(RawRelation {
                    id: None,
                    head: end("from_id")?,
                    child: end("to_id")?,
                    label: label_of(o.get("type").unwrap_or(&Value::Null))?,
                });
            }
        }
    } else if let Some(Value::Array(list)) = obj.get("label").or_else(|| obj.get("labels")) {
        // doccano: [[start, end, label], ...]
        for item in list {
            let a = item
                .as_array()
                .filter(|a| a.len() == 3)
                .ok_or("a label is not [start, end, label]")?;
            spans.push(RawSpan {
                id: None,
                start: uint(a.first(), "label start")?,
                end: uint(a.get(1), "label end")?,
                label: label_of(&a[2])?,
                note: String::new(),
                annotator: None,
                also_by: Vec::new(),
                attributes: BTreeMap::new(),
            });
        }
    }
    Ok((spans, relations))
}

/// Imports one JSONL line; `project` changes only if it succeeds.
pub(super) fn import_line(
    project: &mut Project,
    line: &str,
    source: &str,
    opts: &ImportOptions,
    ids: &mut IdGen,
) -> Outcome {
    let fail = |reason: String| Outcome::Failed { reason };
    let value: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return fail(format!("not JSON: {e}")),
    };
    let Some(obj) = value.as_object() else {
        return fail("not a JSON object".into());
    };
    let Some(text) = obj.get("text").and_then(Value::as_str) else {
        return fail("no \"text\" string".into());
    };
    if text.trim().is_empty() {
        return fail("empty text".into());
    }
    if let Some(unit) = obj.get("offset_unit").and_then(Value::as_str)
        && unit != "codepoint"
    {
        return fail(format!(
            "offset_unit {unit:?} is not supported (only \"codepoint\")"
        ));
    }
    let (raw, raw_rel) = match parse_spans(obj) {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let len = CharIndex::new(text).len_chars();
    if let Some(bad) = raw.iter().find(|s| s.start >= s.end || s.end > len) {
        return fail(format!(
            "span {}..{} ({}) does not fit a text of {len} code points",
            bad.start, bad.end, bad.label
        ));
    }
    if !opts.allow_duplicates
        && let Some(d) = project.documents.iter().find(|d| *d.text == *text)
    {
        return Outcome::Skipped {
            reason: format!("same text as document {} ({:?})", d.id, d.title),
        };
    }
    let meta = obj.get("meta").and_then(Value::as_object);
    let meta_str = |k: &str| {
        meta.and_then(|m| m.get(k))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let title = obj
        .get("title")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| {
            meta.and_then(|m| m.get("title"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| super::title_from_text(text));
    let id = obj
        .get("id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty() && project.document(id).is_none())
        .map_or_else(|| project.free_document_id(text), str::to_owned);
    let mut doc = Document::new(id.clone(), title.clone(), text);
    doc.source = obj
        .get("source")
        .and_then(Value::as_str)
        .or_else(|| meta.and_then(|m| m.get("source")).and_then(Value::as_str))
        .map_or_else(|| source.to_owned(), str::to_owned);
    doc.byline = meta_str("byline");
    doc.published = meta_str("published");
    doc.site = meta_str("site");
    doc.note = meta_str("note");
    doc.status = match meta_str("status").as_str() {
        "done" => Status::Done,
        "in_progress" => Status::InProgress,
        _ => Status::Todo,
    };
    if let Some(m) = meta {
        for (k, v) in m {
            if ![
                "byline",
                "published",
                "site",
                "note",
                "status",
                "title",
                "id",
                "source",
            ]
            .contains(&k.as_str())
                && let Some(v) = str_of(v)
            {
                doc.meta.insert(k.clone(), v);
            }
        }
    }
    let mut used = HashSet::new();
    let mut span_ids = Vec::with_capacity(raw.len());
    for s in raw {
        let id =
            s.id.filter(|i| !i.is_empty() && !used.contains(i))
                .unwrap_or_else(|| ids.span_id());
        used.insert(id.clone());
        span_ids.push(id.clone());
        if project.label(&s.label).is_none() {
            let n = project.labels.len();
            project
                .labels
                .push(Label::new(s.label.clone(), palette_color(n), ""));
        }
        doc.insert_span(Span {
            id,
            start: s.start,
            end: s.end,
            label: s.label,
            note: s.note,
            attributes: s.attributes,
            annotator: s.annotator.unwrap_or_else(|| opts.annotator.clone()),
            created: None,
            also_by: s.also_by,
            conflict: String::new(),
            rule: String::new(),
            suggested: false,
        });
    }
    for r in raw_rel {
        if r.head == r.child {
            continue;
        }
        if project.relation_label(&r.label).is_none() {
            let n = project.relation_labels.len();
            project
                .relation_labels
                .push(Label::new(r.label.clone(), palette_color(n + 5), ""));
        }
        let id =
            r.id.filter(|i| !i.is_empty() && !used.contains(i))
                .unwrap_or_else(|| ids.relation_id());
        used.insert(id.clone());
        doc.relations.push(Relation {
            id,
            head: span_ids[r.head].clone(),
            child: span_ids[r.child].clone(),
            label: r.label,
        });
    }
    project.documents.push(doc);
    Outcome::Imported {
        doc_id: id,
        title,
        warnings: Vec::new(),
    }
}
