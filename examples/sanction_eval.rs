//! Prints every span the starter `sanction_language` rule proposes on saved
//! pages, with its sentence around it, for judging by hand against
//! ANNOTATION_GUIDE.md (precision: how many are real threats or
//! announcements of penalties, not mere mentions of existing sanctions).
//!
//! The pages are split in two by their position in sorted order: `tune`
//! (even positions) is where the rule may be looked at and changed,
//! `held-out` (odd positions) is only for reporting.
//!
//! ```text
//! cargo run --release --example sanction_eval -- tune PAGES/*/source.html
//! cargo run --release --example sanction_eval -- held-out PAGES/*/source.html
//! ```
//! (`.txt` files are read as plain text.)

use marginalia::model::{CreationInfo, Document, Project};

fn main() {
    let mut args = std::env::args().skip(1);
    let split = args.next().unwrap_or_default();
    let keep = match split.as_str() {
        "tune" => 0,
        "held-out" => 1,
        _ => {
            eprintln!("usage: sanction_eval tune|held-out PAGE.html [...]");
            std::process::exit(2);
        }
    };
    let mut pages: Vec<String> = args.collect();
    if pages.is_empty() {
        eprintln!("usage: sanction_eval tune|held-out PAGE.html [...] (no pages given)");
        std::process::exit(2);
    }
    pages.sort();
    let mut project = Project::new("eval", CreationInfo::now("eval"));
    for (i, path) in pages.iter().enumerate().filter(|(i, _)| i % 2 == keep) {
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("{path}: cannot read");
            continue;
        };
        let text = if path.ends_with(".txt") {
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            marginalia::import::html::extract(&bytes).text
        };
        let mut d = Document::new(format!("p{i}"), path.clone(), text);
        d.source = path.clone();
        project.documents.push(d);
    }
    let only = ["sanction_language".to_owned()];
    let found = match marginalia::suggest::suggest(&project, None, Some(&only)) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    for s in &found {
        let Some(d) = project.document(&s.doc) else {
            continue;
        };
        let chars: Vec<char> = d.text.chars().collect();
        let from = s.start.saturating_sub(80);
        let to = (s.end + 60).min(chars.len());
        let before: String = chars[from..s.start].iter().collect();
        let after: String = chars[s.end..to].iter().collect();
        println!(
            "{}\t…{}[[{}]]{}…",
            d.title,
            before.replace('\n', " "),
            s.text,
            after.replace('\n', " ")
        );
    }
    println!(
        "{split}: {} pages, {} spans proposed",
        project.documents.len(),
        found.len()
    );
}
