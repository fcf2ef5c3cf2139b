//! `brat` standoff: per document `ID.txt` (the text) and `ID.ann` with `T`
//! (text-bound), `R` (relation), `A` (attribute) and `#` (AnnotatorNotes)
//! lines, plus an `annotation.conf` declaring the labels. A span across a
//! line break becomes discontinuous fragments (`T1<TAB>quote 0 10;11 20`),
//! as brat requires.

use super::{DocView, ExportError, Guard, Summary};
use crate::model::Project;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// The file every brat export folder gets: it marks the folder as ours and
/// lists the files Marginalia wrote there.
pub(super) const MARKER: &str = ".marginalia-brat";

/// A name brat accepts for a type or attribute (no spaces or punctuation).
fn brat_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Fragments of `start..end` that do not cross a line break.
fn fragments(text: &str, start: usize, end: usize) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    for (i, c) in text.chars().enumerate().skip(start).take(end - start) {
        if c == '\n' {
            if let Some((s, t)) = cur.take() {
                out.push((s, i, t));
            }
        } else {
            cur.get_or_insert_with(|| (i, String::new())).1.push(c);
        }
    }
    if let Some((s, t)) = cur {
        out.push((s, end, t));
    }
    out
}

fn ann(v: &DocView<'_>, attrs: &mut BTreeMap<String, BTreeSet<String>>) -> (String, usize) {
    let mut s = String::new();
    let (mut a, mut n) = (0, 0);
    for (i, c) in v.spans.iter().enumerate() {
        let frags = fragments(&v.doc.text, c.span.start, c.span.end);
        let offsets: Vec<String> = frags.iter().map(|(s, e, _)| format!("{s} {e}")).collect();
        let text: Vec<&str> = frags.iter().map(|(_, _, t)| t.as_str()).collect();
        let _ = writeln!(
            s,
            "T{}\t{} {}\t{}",
            i + 1,
            brat_name(&c.span.label),
            offsets.join(";"),
            text.join(" ")
        );
        for (k, val) in &c.span.attributes {
            a += 1;
            let (k, val) = (brat_name(k), brat_name(val));
            let _ = writeln!(s, "A{a}\t{k} T{} {val}", i + 1);
            attrs.entry(k).or_default().insert(val);
        }
        if !c.span.note.is_empty() {
            n += 1;
            let _ = writeln!(
                s,
                "#{n}\tAnnotatorNotes T{}\t{}",
                i + 1,
                one_line(&c.span.note)
            );
        }
    }
    let mut rels = 0;
    for r in &v.relations {
        if let (Some(h), Some(c)) = (v.span_index(&r.head), v.span_index(&r.child)) {
            rels += 1;
            let _ = writeln!(
                s,
                "R{rels}\t{} Arg1:T{} Arg2:T{}",
                brat_name(&r.label),
                h + 1,
                c + 1
            );
        }
    }
    (s, rels)
}

fn conf(project: &Project, attrs: &BTreeMap<String, BTreeSet<String>>) -> String {
    let mut s = String::from("# Written by Marginalia for brat.\n[entities]\n");
    for l in &project.labels {
        let _ = writeln!(s, "{}", brat_name(&l.name));
    }
    s.push_str("\n[relations]\n");
    for l in &project.relation_labels {
        let _ = writeln!(s, "{}\tArg1:<ENTITY>, Arg2:<ENTITY>", brat_name(&l.name));
    }
    s.push_str(
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n",
    );
    for (k, vals) in attrs {
        let vals: Vec<&str> = vals.iter().map(String::as_str).collect();
        let _ = writeln!(s, "{k}\tArg:<ENTITY>, Value:{}", vals.join("|"));
    }
    s
}

fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::store::atomic::replace_with(path, false, |f| f.write_all(bytes))
}

/// Writes the folder (created if missing).
pub(super) fn write_folder(
    project: &Project,
    docs: &[DocView<'_>],
    dir: &Path,
    guard: &Guard,
) -> Result<Summary, ExportError> {
    let _ = guard;
    std::fs::create_dir_all(dir)?;
    let mut summary = Summary::default();
    let mut attrs = BTreeMap::new();
    for v in docs {
        let name = brat_name(&v.doc.id);
        let (ann, rels) = ann(v, &mut attrs);
        write_file(&dir.join(format!("{name}.txt")), v.doc.text.as_bytes())?;
        write_file(&dir.join(format!("{name}.ann")), ann.as_bytes())?;
        summary.documents += 1;
        summary.spans += v.spans.len();
        summary.relations += rels;
    }
    write_file(
        &dir.join("annotation.conf"),
        conf(project, &attrs).as_bytes(),
    )?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_across_lines_become_fragments() {
        let t = "ab\ncd\n\nef";
        assert_eq!(
            fragments(t, 1, 9),
            [(1, 2, "b".into()), (3, 5, "cd".into()), (7, 9, "ef".into())]
        );
        assert_eq!(brat_name("sanction threat!"), "sanction_threat_");
    }
}
