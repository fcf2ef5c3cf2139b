//! The export dialog and importing dropped files.

use crate::common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use std::path::{Path, PathBuf};

#[test]
fn the_export_dialog_writes_a_file_and_reports_what_it_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("train.conll");
    let mut h = harness(&sample_path());
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    h.get_by_label("Format").click();
    h.run();
    h.get_by_label("conll").click();
    h.run();
    h.get_by_label("Output file").click();
    h.run();
    // The dialog proposes a path; the analyst selects it and types another.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_label("Output file")
        .type_text(&out.display().to_string());
    h.run();
    assert_eq!(h.state().export.format, marginalia::export::Format::Conll);
    h.get(
        egui_kittest::kittest::by()
            .label("Export")
            .role(egui::accesskit::Role::Button),
    )
    .click();
    wait_for_export(&mut h);
    let summary = h
        .state()
        .export
        .last
        .clone()
        .expect("export finished")
        .expect("export succeeded");
    assert_eq!(summary.documents, 6);
    assert!(
        summary.dropped_total() > 0,
        "the sample has overlaps CoNLL cannot hold"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("-DOCSTART-"));
    assert!(
        h.query_all_by_label_contains("dropped").count() >= 2,
        "in the dialog and the status bar"
    );
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropped_files_import_off_the_ui_thread_with_a_report_and_one_undo() {
    let (dir, path) = sample_copy();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(
        inbox.join("page.html"),
        "<html><head><title>Tokyo protests launch | Wire</title></head><body><nav>Home</nav><article><p>Japan lodged a protest after the launch, the chief cabinet secretary said on Monday, calling it a clear violation.</p></article></body></html>",
    )
    .unwrap();
    std::fs::write(inbox.join("note.txt"), "A plain note\n\nWith a body.").unwrap();
    std::fs::write(inbox.join("empty.txt"), "").unwrap();
    let mut h = harness(&path);
    let before = h.state().session.project.as_ref().unwrap().documents.len();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(inbox.clone())));
    wait_for_import(&mut h);
    let report = h
        .state()
        .import
        .report
        .clone()
        .expect("the import finished");
    assert_eq!((report.imported(), report.failed()), (2, 1));
    h.get_by_label("Import report");
    h.get_by_label_contains("empty.txt: empty file");
    let p = h.state().session.project.as_ref().unwrap();
    assert_eq!(p.documents.len(), before + 2);
    let page = p
        .documents
        .iter()
        .find(|d| d.title == "Tokyo protests launch")
        .expect("the HTML article");
    assert!(page.text.starts_with("Japan lodged a protest"));
    assert!(h.state().is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().session.project.as_ref().unwrap().documents.len(),
        before,
        "one undo step"
    );
}

#[test]
fn the_export_dialog_proposes_a_file_and_enter_exports_there() {
    let (dir, path) = sample_copy();
    let mut h = harness(&path);
    h.state_mut()
        .push(marginalia::app::Cmd::Show(marginalia::app::Dialog::Export));
    h.run();
    let proposed = dir.path().join("sample.jsonl");
    assert_eq!(h.state().export.destination, proposed.display().to_string());
    // The proposal follows the format while the analyst has not typed one.
    h.state_mut().export.format = marginalia::export::Format::Spacy;
    h.run();
    let spacy = dir.path().join("sample-spacy.jsonl");
    assert_eq!(h.state().export.destination, spacy.display().to_string());
    // Enter in the path exports there.
    h.get_by_label("Output file").click();
    h.run();
    h.key_press(egui::Key::Enter);
    wait_for_export(&mut h);
    assert!(matches!(h.state().export.last, Some(Ok(_))));
    assert!(spacy.exists(), "written where proposed");
    let said = format!("Exported to {}", spacy.display());
    assert!(
        h.state().messages.iter().any(|m| m.text.starts_with(&said)),
        "the notice names the path"
    );
    h.get_by_label_contains(&format!("Wrote {}", spacy.display()));
}

#[test]
fn the_import_report_opens_documents_and_pages_show_one_date_form_and_their_address() {
    let (dir, path) = sample_copy();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let body = "<p>Japan lodged a protest after the launch, the chief cabinet secretary said on Monday.</p>".repeat(6);
    let page = |title: &str, date: &str, url: &str| {
        format!(
            "<html><head><title>{title}</title><link rel=canonical href=\"{url}\">\
             <meta property=\"article:published_time\" content=\"{date}\"></head><body><article>\
             <figure><img src=a.jpg><figcaption>The launch site.</figcaption></figure>\
             <div class=body>{body}<p>{title}.</p></div></article></body></html>"
        )
    };
    std::fs::write(
        inbox.join("a.html"),
        page(
            "Tokyo protests",
            "2024-06-20T09:15:00+09:00",
            "https://example.org/a",
        ),
    )
    .unwrap();
    std::fs::write(
        inbox.join("b.html"),
        page(
            "Seoul responds",
            "Thu, 20 Jun 2024 10:00:00 +0900",
            "https://example.org/b",
        ),
    )
    .unwrap();
    let mut h = harness(&path);
    h.state_mut().push(marginalia::app::Cmd::Import(vec![
        inbox.join("a.html"),
        inbox.join("b.html"),
    ]));
    wait_for_import(&mut h);
    // The first imported document is shown.
    let shown = h.state().document().unwrap().clone();
    assert_eq!(shown.title, "Tokyo protests");
    assert_eq!(
        shown.meta.get("captions").map(String::as_str),
        Some("The launch site.")
    );
    // One date form, the page's address (the file on hover).
    h.get_by_label_contains("2024-06-20");
    h.get_by_label("https://example.org/a");
    // A row of the report opens its document.
    h.get_by_label_contains("b.html: Seoul responds").click();
    h.run();
    assert_eq!(h.state().document().unwrap().title, "Seoul responds");
    h.get_by_label_contains("2024-06-20");
    assert!(
        h.query_by_label_contains("Thu, 20 Jun").is_none(),
        "not as the page wrote it"
    );
}
