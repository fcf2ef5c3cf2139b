//! `brat` standoff: per document `ID.txt` (the text) and `ID.ann` with `T`
//! (text-bound), `R` (relation), `A` (attribute), `#` (AnnotatorNotes) and
//! `N` (normalization: a span's registry entry, `Reference T1 wikidata:Q…`)
//! lines, plus an `annotation.conf` declaring the labels. brat has nothing
//! for a whole document: its document labels are a note on its first span
//! (`document: topic=sanctions; stance=hostile`). A span across a
//! line break becomes discontinuous fragments (`T1<TAB>quote 0 10;11 20`),
//! as brat requires.

use super::{DocView, ExportError, Guard, Summary};
use crate::model::Project;
use std::collections::{BTreeMap, BTreeSet, HashSet};
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
    let (mut a, mut n, mut norm) = (0, 0, 0);
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
        if i == 0 && !v.doc.doc_labels.is_empty() {
            n += 1;
            let judged: Vec<String> = v
                .doc
                .doc_labels
                .iter()
                .map(|(set, cs)| format!("{set}={}", cs.join(",")))
                .collect();
            let _ = writeln!(
                s,
                "#{n}\tAnnotatorNotes T1\tdocument: {}",
                one_line(&judged.join("; "))
            );
        }
        if let Some(e) = v.entity(c.span) {
            norm += 1;
            let (db, id) = e
                .external_ids
                .iter()
                .next()
                .map_or(("marginalia", e.id.as_str()), |(k, v)| {
                    (k.as_str(), v.as_str())
                });
            let _ = writeln!(
                s,
                "N{norm}\tReference T{} {}:{}\t{}",
                i + 1,
                brat_name(db),
                brat_name(id),
                one_line(&e.name)
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

/// A file name per document, from its id: characters brat or file systems
/// dislike become `_`; names that would collide (`story.1` and `story_1`, or
/// `Story_1` on a case-insensitive file system) get `-2`, `-3`... in document
/// order.
fn file_names(docs: &[DocView<'_>]) -> Vec<String> {
    let mut used = HashSet::new();
    docs.iter()
        .map(|v| {
            let base = match brat_name(&v.doc.id) {
                b if b.is_empty() => "document".to_owned(),
                b => b,
            };
            let mut name = base.clone();
            let mut n = 1;
            while !used.insert(name.to_lowercase()) {
                n += 1;
                name = format!("{base}-{n}");
            }
            name
        })
        .collect()
}

/// Files a folder may hold and still count as empty (put there by file
/// managers).
const IGNORED: [&str; 3] = [".DS_Store", "Thumbs.db", "desktop.ini"];

/// The files an earlier export listed in the folder's marker, or `None` if
/// the folder has no marker. Only plain names of files in the folder count.
fn previous_export(dir: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(dir.join(MARKER)).ok()?;
    Some(
        text.lines()
            .map(str::trim)
            .filter(|l| {
                !l.is_empty()
                    && !l.starts_with('#')
                    && !l.starts_with('.')
                    && !l.contains(['/', '\\', ':'])
            })
            .map(str::to_owned)
            .collect(),
    )
}

fn marker_text(files: &BTreeSet<String>) -> String {
    let mut s = String::from(
        "# Written by Marginalia: this folder is a brat export. The files below are\n\
         # Marginalia's; the next export into this folder replaces them and removes\n\
         # those it no longer writes. Other files are left alone.\n",
    );
    for f in files {
        let _ = writeln!(s, "{f}");
    }
    s
}

/// Checks that `dir` may receive an export: missing, empty, or an earlier
/// Marginalia brat export (its marker file), unless forced. Returns the
/// files the earlier export listed.
fn check_folder(dir: &Path, guard: &Guard) -> Result<Vec<String>, ExportError> {
    if dir.exists() && !dir.is_dir() {
        return Err(ExportError::Io(std::io::Error::other(format!(
            "{}: not a folder (brat writes a folder of files)",
            dir.display()
        ))));
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(ExportError::Io(std::io::Error::new(
                e.kind(),
                format!("{}: {e}", dir.display()),
            )));
        }
    };
    if let Some(files) = previous_export(dir) {
        return Ok(files);
    }
    let mut others = entries
        .flatten()
        .filter(|e| !IGNORED.contains(&e.file_name().to_string_lossy().as_ref()));
    if others.next().is_some() && !guard.force {
        return Err(ExportError::FolderNotEmpty {
            path: dir.to_owned(),
        });
    }
    Ok(Vec::new())
}

/// Writes the folder (created if missing).
///
/// The folder must be empty or an earlier export (it has the [`MARKER`]
/// file), unless `guard.force`. The marker lists the files written; a
/// re-export removes the files of the earlier one it does not write again,
/// so documents no longer exported do not linger. Files not listed are never
/// touched (with `force`, same-named ones are overwritten).
pub(super) fn write_folder(
    project: &Project,
    docs: &[DocView<'_>],
    dir: &Path,
    guard: &Guard,
) -> Result<Summary, ExportError> {
    let previous = check_folder(dir, guard)?;
    std::fs::create_dir_all(dir)?;
    let names = file_names(docs);
    let mut ours: BTreeSet<String> = BTreeSet::from(["annotation.conf".to_owned()]);
    for n in &names {
        ours.insert(format!("{n}.txt"));
        ours.insert(format!("{n}.ann"));
    }
    // The marker first, listing the earlier files too: an export that
    // stops half way leaves a folder the next one recognizes and cleans.
    let mut both = ours.clone();
    both.extend(previous.iter().cloned());
    write_file(&dir.join(MARKER), marker_text(&both).as_bytes())?;
    let mut summary = Summary::default();
    let mut attrs = BTreeMap::new();
    for (v, name) in docs.iter().zip(&names) {
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
    // Compared ignoring case: on macOS and Windows `D1.txt` is `d1.txt`.
    let ours_lower: HashSet<String> = ours.iter().map(|f| f.to_lowercase()).collect();
    for stale in previous
        .iter()
        .filter(|f| !ours_lower.contains(&f.to_lowercase()))
    {
        let path = dir.join(stale);
        if path.symlink_metadata().is_ok_and(|m| m.is_file()) {
            std::fs::remove_file(&path)?;
        }
    }
    write_file(&dir.join(MARKER), marker_text(&ours).as_bytes())?;
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

    use crate::export::{Filter, Format, export_to_path};
    use crate::model::{CreationInfo, Document, Span};
    use std::fs;

    fn project(ids: &[&str]) -> Project {
        let mut p = Project::new("p", CreationInfo::now("t"));
        for id in ids {
            let mut d = Document::new(*id, "t", format!("text of {id}"));
            d.insert_span(Span::new("s1", 0, 4, "claim"));
            p.documents.push(d);
        }
        p
    }

    fn export(p: &Project, dir: &Path, force: bool) -> Result<Summary, ExportError> {
        let guard = Guard {
            project: None,
            force,
        };
        export_to_path(p, Format::Brat, &Filter::default(), dir, &guard)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn ids_that_map_to_one_name_get_unique_file_names() {
        let ids = ["story.1", "story_1", "Story_1", "a/b", "a_b", ""];
        let p = project(&ids);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("brat");
        let summary = export(&p, &out, false).unwrap();
        assert_eq!(summary.documents, ids.len());
        let txts: Vec<String> = names(&out)
            .into_iter()
            .filter(|n| n.ends_with(".txt"))
            .collect();
        assert_eq!(txts.len(), ids.len(), "{txts:?}");
        let lower: BTreeSet<String> = txts.iter().map(|n| n.to_lowercase()).collect();
        assert_eq!(lower.len(), ids.len(), "unique ignoring case: {txts:?}");
        // Every document's text is there, each in its own file with its .ann.
        let mut texts: Vec<String> = txts
            .iter()
            .map(|n| {
                let ann = out.join(n.replace(".txt", ".ann"));
                assert!(ann.exists(), "{ann:?}");
                fs::read_to_string(out.join(n)).unwrap()
            })
            .collect();
        texts.sort();
        let mut want: Vec<String> = ids.iter().map(|id| format!("text of {id}")).collect();
        want.sort();
        assert_eq!(texts, want);
    }

    #[test]
    fn a_folder_with_other_files_is_refused_unless_forced() {
        let p = project(&["d1"]);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::write(out.join("annotation.conf"), "# hand-edited\n").unwrap();
        fs::write(out.join("d1.ann"), "T1\tmine 0 4\ttext\n").unwrap();
        let e = export(&p, out, false).expect_err("refused");
        assert!(matches!(e, ExportError::FolderNotEmpty { .. }), "{e}");
        assert!(e.to_string().contains(&out.display().to_string()), "{e}");
        assert_eq!(names(out), ["annotation.conf", "d1.ann"], "nothing written");
        assert_eq!(
            fs::read_to_string(out.join("annotation.conf")).unwrap(),
            "# hand-edited\n"
        );
        // A file where the folder should be.
        let file = out.join("d1.ann");
        assert!(export(&p, &file, false).is_err());
        // Forced: written, and from now on the folder is ours.
        fs::write(out.join("notes.md"), "mine").unwrap();
        export(&p, out, true).unwrap();
        assert!(out.join(MARKER).exists());
        assert_eq!(fs::read_to_string(out.join("notes.md")).unwrap(), "mine");
        export(&p, out, false).unwrap();
    }

    #[test]
    fn a_re_export_replaces_the_previous_one_without_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("brat");
        export(&project(&["d1", "d2"]), &out, false).unwrap();
        assert_eq!(
            names(&out),
            [
                MARKER,
                "annotation.conf",
                "d1.ann",
                "d1.txt",
                "d2.ann",
                "d2.txt"
            ]
        );
        fs::write(out.join("README"), "not ours").unwrap();
        export(&project(&["d1", "d3"]), &out, false).unwrap();
        assert_eq!(
            names(&out),
            [
                MARKER,
                "README",
                "annotation.conf",
                "d1.ann",
                "d1.txt",
                "d3.ann",
                "d3.txt"
            ]
        );
        let marker = fs::read_to_string(out.join(MARKER)).unwrap();
        assert!(marker.lines().any(|l| l == "d3.txt"), "{marker}");
        assert!(!marker.lines().any(|l| l == "d2.txt"), "{marker}");
    }
}
