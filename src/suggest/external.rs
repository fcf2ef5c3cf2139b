//! Another model's predictions (spaCy, a transformer, another tool) as
//! scored suggestions: Marginalia as the review front for whatever model
//! the desk already runs.

use super::Suggestion;
use crate::model::Project;
use std::collections::HashMap;
use std::io::BufRead as _;
use std::path::Path;

/// What reading a predictions file found besides the suggestions.
#[derive(Debug, Default)]
pub struct Report {
    /// Lines read.
    pub lines: usize,
    /// Problems, each `FILE:LINE: why` (unreadable lines, texts that match
    /// no document, labels the project does not have).
    pub problems: Vec<String>,
}

/// The longest line read (a document and its predictions).
const MAX_LINE: usize = 256 << 20;

/// Suggestions from the predictions in `path` (JSON lines in any format
/// `import` reads), under rule `rule`, with a score of at least
/// `min_score` when they carry one. A line's document is found by its id
/// when that document has the same text, else by its text. Never proposes
/// what a document already has, rejected, or holds inside an accepted span
/// of the label.
pub fn from_predictions(
    project: &Project,
    path: &Path,
    rule: &str,
    min_score: f64,
) -> std::io::Result<(Vec<Suggestion>, Report)> {
    // Checked before opening: opening a FIFO would wait for a writer.
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let file = std::fs::File::open(path)?;
    let by_text: HashMap<&str, usize> = project
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (&*d.text, i))
        .collect();
    let mut out = Vec::new();
    let mut report = Report::default();
    let shown = path.display();
    let reader = std::io::BufReader::new(file);
    for (n, line) in reader.split(b'\n').enumerate() {
        let line = line?;
        let at = n + 1;
        if line.len() > MAX_LINE {
            report
                .problems
                .push(format!("{shown}:{at}: line over {MAX_LINE} bytes, skipped"));
            continue;
        }
        let Ok(line) = String::from_utf8(line) else {
            report.problems.push(format!("{shown}:{at}: not UTF-8"));
            continue;
        };
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        report.lines += 1;
        let p = match crate::import::read_prediction(line) {
            Ok(p) => p,
            Err(e) => {
                report.problems.push(format!("{shown}:{at}: {e}"));
                continue;
            }
        };
        let doc =
            p.id.as_deref()
                .and_then(|id| project.document(id))
                .filter(|d| *d.text == *p.text)
                .or_else(|| by_text.get(p.text.as_str()).map(|&i| &project.documents[i]));
        let Some(doc) = doc else {
            report.problems.push(format!(
                "{shown}:{at}: no document of the project has this text"
            ));
            continue;
        };
        let index = crate::model::text::TextIndex::new(&doc.text);
        for (start, end, label, score) in p.spans {
            if project.label(&label).is_none() {
                report.problems.push(format!(
                    "{shown}:{at}: label {label:?} is not in the project (add it, then read again)"
                ));
                continue;
            }
            if score.is_some_and(|s| s < min_score) {
                continue;
            }
            if super::decided(doc, start, end, &label) {
                continue;
            }
            let Some(text) = index.slice(&doc.text, start, end) else {
                continue;
            };
            out.push(Suggestion {
                doc: doc.id.clone(),
                start,
                end,
                label,
                text: text.to_owned(),
                rule: rule.to_owned(),
                speaker: None,
                score,
            });
        }
    }
    Ok((out, report))
}
