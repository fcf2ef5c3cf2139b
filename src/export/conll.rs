//! `conll`: IOB2, one `token<TAB>tag` line per token, a blank line between
//! sentences, `-DOCSTART-` before each document. IOB2 cannot express
//! overlapping spans: the first span (by start, longer first) wins and every
//! span it overlaps is dropped and counted in the summary.

use super::tokens::tokenize;
use super::{DocView, ExportError, Summary};
use crate::model::segment::Segments;
use std::collections::BTreeSet;
use std::io::Write;

/// Writes the documents as IOB2.
pub(super) fn write(docs: &[DocView<'_>], out: &mut dyn Write) -> Result<Summary, ExportError> {
    let mut summary = Summary::default();
    for v in docs {
        // Keep non-overlapping spans, greedily in canonical order.
        let mut kept = Vec::new();
        let mut last_end = 0;
        for c in &v.spans {
            if c.span.start >= last_end {
                last_end = c.span.end;
                kept.push(c.span);
            } else {
                summary.drop_span(&c.span.label);
            }
        }
        let starts: BTreeSet<usize> = kept.iter().map(|s| s.start).collect();
        let ends: BTreeSet<usize> = kept.iter().map(|s| s.end).collect();
        let tokens = tokenize(&v.doc.text, &starts, &ends);
        let sentences = Segments::new(&v.doc.text).sentences;
        writeln!(out, "-DOCSTART-\tO\n")?;
        let mut k = 0; // index into kept
        let mut sentence = None;
        let mut wrote = false;
        for t in tokens.iter().filter(|t| !t.is_space()) {
            while k < kept.len() && kept[k].end <= t.start {
                k += 1;
            }
            let inside = kept
                .get(k)
                .filter(|s| s.start <= t.start && t.start < s.end);
            let sent = sentences.partition_point(|r| r.end <= t.start);
            if wrote && sentence != Some(sent) && inside.is_none_or(|s| s.start == t.start) {
                writeln!(out)?;
            }
            sentence = Some(sent);
            let tag = match inside {
                Some(s) if s.start == t.start => format!("B-{}", s.label),
                Some(s) => format!("I-{}", s.label),
                None => "O".to_owned(),
            };
            writeln!(out, "{}\t{tag}", t.text)?;
            wrote = true;
        }
        if wrote {
            writeln!(out)?;
        }
        summary.documents += 1;
        summary.spans += kept.len();
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::super::{Filter, Format, export};
    use crate::model::{CreationInfo, Document, Project, Span};

    #[test]
    fn iob2_with_overlaps_dropped_and_counted() {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let mut d = Document::new("d", "t", "Kim Jong-un met Belousov. He left.");
        d.insert_span(Span::new("a", 0, 11, "entity"));
        d.insert_span(Span::new("b", 4, 11, "speaker")); // inside a: dropped
        d.insert_span(Span::new("c", 16, 24, "entity"));
        p.documents.push(d);
        let mut out = Vec::new();
        let s = export(&p, Format::Conll, &Filter::default(), &mut out).unwrap();
        assert_eq!(s.spans, 2);
        assert_eq!(s.dropped, [("speaker".to_owned(), 1)]);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "-DOCSTART-\tO\n\nKim\tB-entity\nJong\tI-entity\n-\tI-entity\nun\tI-entity\nmet\tO\nBelousov\tB-entity\n.\tO\n\nHe\tO\nleft\tO\n.\tO\n\n"
        );
    }
}
