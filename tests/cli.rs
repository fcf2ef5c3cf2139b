//! Every CLI command end to end, as a process, the way scripts use it.

#![allow(clippy::unwrap_used)] // tests may unwrap; Cargo.toml warns elsewhere

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_marginalia"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("marginalia runs")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn new_project(dir: &Path) -> PathBuf {
    let p = dir.join("p.ron");
    let o = run(&["new", s(&p), "--name", "Desk"]);
    assert!(o.status.success(), "{}", stderr(&o));
    p
}

#[test]
fn new_creates_a_project_with_default_or_given_labels() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let project = marginalia::store::load(&p).unwrap();
    assert_eq!(project.name, "Desk");
    let names: Vec<_> = project.labels.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(
        names,
        ["claim", "quote", "sanction_threat", "speaker", "entity"]
    );

    // An existing file is not replaced without --force.
    let o = run(&["new", s(&p), "--name", "Other"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("file exists"), "{}", stderr(&o));
    assert_eq!(marginalia::store::load(&p).unwrap().name, "Desk");

    let q = dir.path().join("q.ron");
    let o = run(&[
        "new",
        s(&q),
        "--name",
        "Q",
        "--labels",
        "claim,quote,sanction_threat",
    ]);
    assert!(o.status.success());
    let project = marginalia::store::load(&q).unwrap();
    let names: Vec<_> = project.labels.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["claim", "quote", "sanction_threat"]);
}

#[test]
fn import_takes_files_and_folders_reports_and_exits_nonzero_on_failures() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let inbox = dir.path().join("inbox");
    fs::create_dir_all(inbox.join("more")).unwrap();
    fs::write(
        inbox.join("a.txt"),
        "Seoul warns Moscow\r\n\r\n“We won’t hesitate,” he said.\r\n",
    )
    .unwrap();
    fs::write(inbox.join("more/b.txt"), "Tokyo protests\n\nBody.").unwrap();
    fs::write(inbox.join("more/copy.txt"), "Tokyo protests\n\nBody.").unwrap();
    fs::write(inbox.join("empty.txt"), "").unwrap();
    fs::write(inbox.join("garbage.txt"), [0u8, 159, 146, 150, 0, 1]).unwrap();

    let o = run(&["import", s(&p), s(&inbox)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("empty.txt: empty file"), "{err}");
    assert!(err.contains("garbage.txt: binary file"), "{err}");
    assert!(err.contains("copy.txt: same text as document"), "{err}");
    assert!(err.contains("2 imported, 1 skipped, 2 failed"), "{err}");

    let project = marginalia::store::load(&p).unwrap();
    assert_eq!(project.documents.len(), 2);
    assert_eq!(project.documents[0].title, "Seoul warns Moscow");
    assert_eq!(
        &*project.documents[0].text,
        "Seoul warns Moscow\n\n“We won’t hesitate,” he said.\n"
    );
    assert!(marginalia::model::validate(&project).is_empty());

    // Importing the same again: everything is skipped, exit 0.
    let o = run(&["import", s(&p), s(&inbox.join("a.txt"))]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("0 imported, 1 skipped, 0 failed"));
    // Unless duplicates are allowed.
    let o = run(&[
        "import",
        s(&p),
        s(&inbox.join("a.txt")),
        "--allow-duplicates",
    ]);
    assert!(o.status.success());
    assert_eq!(marginalia::store::load(&p).unwrap().documents.len(), 3);
}

/// A project whose texts are hard for offsets: emoji (flags, skin tones,
/// ZWJ sequences), Hangul, combining marks, CRLF-origin text.
fn tricky_project(dir: &Path) -> PathBuf {
    let p = new_project(dir);
    let txt = dir.join("tricky.txt");
    fs::write(
        &txt,
        "🇰🇷🇺🇸 Talks\r\n\r\n“Café\u{301} 👩‍👩‍👧 won’t hesitate,” said 김정은 👍🏽 in Pyongyang.\r\nEnd.",
    )
    .unwrap();
    assert!(run(&["import", s(&p), s(&txt)]).status.success());
    let mut project = marginalia::store::load(&p).unwrap();
    let doc = &mut project.documents[0];
    let find = |t: &str, needle: &str| {
        let b = t.find(needle).unwrap();
        let start = t[..b].chars().count();
        (start, start + needle.chars().count())
    };
    let mut ids = marginalia::model::IdGen::seeded(1);
    for (needle, label) in [
        ("🇰🇷🇺🇸", "entity"),
        ("“Café\u{301} 👩‍👩‍👧 won’t hesitate,”", "quote"),
        ("김정은 👍🏽", "speaker"),
        ("Pyongyang", "entity"),
        ("End.", "claim"),
    ] {
        let (a, b) = find(&doc.text, needle);
        doc.insert_span(marginalia::model::Span::new(ids.span_id(), a, b, label));
    }
    marginalia::store::save(&project, &p).unwrap();
    p
}

#[test]
fn export_jsonl_slices_correctly_in_python() {
    let dir = tempfile::tempdir().unwrap();
    let p = tricky_project(dir.path());
    let out = dir.path().join("out.jsonl");
    let o = run(&["export", s(&p), "--format", "jsonl", "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("exported 1 documents, 5 spans"));
    // The same bytes on stdout.
    let o = run(&["export", s(&p)]);
    assert_eq!(o.stdout, fs::read(&out).unwrap());

    let check = r#"
import json, sys
n = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        assert d["offset_unit"] == "codepoint"
        assert "\r" not in d["text"]
        for s in d["spans"]:
            assert d["text"][s["start"]:s["end"]] == s["text"], (s, d["text"][s["start"]:s["end"]])
            n += 1
print(n)
"#;
    match Command::new("python3")
        .arg("-c")
        .arg(check)
        .arg(&out)
        .output()
    {
        Ok(py) => {
            assert!(
                py.status.success(),
                "python: {}",
                String::from_utf8_lossy(&py.stderr)
            );
            assert_eq!(String::from_utf8_lossy(&py.stdout).trim(), "5");
        }
        Err(e) if std::env::var_os("CI").is_some() => panic!("python3 is needed in CI: {e}"),
        Err(e) => eprintln!("python3 not found ({e}); Rust-side checks only"),
    }
    let line = fs::read_to_string(&out).unwrap();
    let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    let texts: Vec<&str> = v["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert!(texts.contains(&"김정은 👍🏽"));
    assert!(texts.contains(&"🇰🇷🇺🇸"));
}

#[test]
fn export_filters_by_status_label_and_annotator() {
    let dir = tempfile::tempdir().unwrap();
    let p = tricky_project(dir.path());
    let o = run(&["export", s(&p), "--labels", "entity"]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["spans"].as_array().unwrap().len(), 2);
    let o = run(&["export", s(&p), "--status", "done"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), "", "no document is done");
    let o = run(&["export", s(&p), "--annotator", "nobody"]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["spans"].as_array().unwrap().len(), 0);
}

#[test]
fn validate_lists_every_problem_and_leaves_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let p = tricky_project(dir.path());
    let o = run(&["validate", s(&p)]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("valid (1 documents, 5 spans)"));

    // Break it by hand, as a careless merge might.
    let text = fs::read_to_string(&p).unwrap();
    let broken = text
        .replacen("label: \"claim\"", "label: \"rumour\"", 1)
        .replacen("label: \"entity\"", "label: \"entity\", end: 99999", 0);
    let mut project = marginalia::store::from_bytes(broken.as_bytes()).unwrap();
    project.documents[0].spans[0].end = 99_999;
    let bytes = marginalia::store::to_bytes(&project).unwrap();
    fs::write(&p, &bytes).unwrap();
    let o = run(&["validate", s(&p)]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("unknown label \"rumour\""), "{out}");
    assert!(out.contains("runs past the end of the text"), "{out}");
    assert!(out.contains("2 problem(s)"), "{out}");
    assert_eq!(fs::read(&p).unwrap(), bytes, "validate never writes");
    // Export refuses an invalid project.
    let o = run(&["export", s(&p)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("2 problem(s)"), "{}", stderr(&o));
}

#[test]
fn stats_prints_counts_and_json() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/sanctions_watch.ron");
    let o = run(&["stats", s(&sample), "--json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let project = marginalia::store::load(&sample).unwrap();
    assert_eq!(v["documents"], project.documents.len());
    assert_eq!(v["spans"], project.span_count());
    assert!(v["spans"].as_u64().unwrap() >= 20);
    let labels = v["labels"].as_object().unwrap();
    let sum: u64 = labels.values().map(|c| c.as_u64().unwrap()).sum();
    assert_eq!(sum, v["spans"].as_u64().unwrap());
    assert!(labels["quote"].as_u64().unwrap() > 0);
    let o = run(&["stats", s(&sample)]);
    assert!(stdout(&o).contains("documents: 6"));
}

#[test]
fn damaged_files_give_clear_errors_and_stay_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let good = fs::read(new_project(dir.path())).unwrap();
    let newer = String::from_utf8(good.clone())
        .unwrap()
        .replace("format_version: 4", "format_version: 5");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.ron", vec![], "the file is empty"),
        (
            "truncated.ron",
            good[..good.len() * 2 / 3].to_vec(),
            "empty.ron",
        ),
        (
            "random.ron",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
            "not a text file",
        ),
        (
            "newer.ron",
            newer.into_bytes(),
            "format version 5 is newer than this Marginalia understands (up to 4)",
        ),
    ];
    for (name, bytes, expect) in cases {
        let path = dir.path().join(name);
        fs::write(&path, &bytes).unwrap();
        for args in [
            vec!["validate", s(&path)],
            vec!["stats", s(&path)],
            vec!["export", s(&path)],
            vec!["import", s(&path), "/nonexistent"],
        ] {
            let o = run(&args);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains(name), "names the file: {err}");
            if name != "truncated.ron" {
                assert!(err.contains(expect), "{name}: {err}");
            } else {
                // A located syntax error: FILE:LINE:COL.
                assert!(err.contains(&format!("{name}:")), "{err}");
            }
            assert!(!err.contains("panicked"), "{err}");
            assert_eq!(
                fs::read(&path).unwrap(),
                bytes,
                "{name} untouched by {args:?}"
            );
        }
    }
}

#[test]
fn an_interrupted_save_leaves_the_old_file_loadable() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let before = fs::read(&p).unwrap();
    let mut project = marginalia::store::load(&p).unwrap();
    project.name = "Changed".into();
    let bytes = marginalia::store::to_bytes(&project).unwrap();
    let err = marginalia::store::save_bytes_with(&p, |f| {
        use std::io::Write as _;
        f.write_all(&bytes[..bytes.len() / 2])?;
        Err(std::io::Error::other("power cut"))
    })
    .unwrap_err();
    assert!(err.to_string().contains("p.ron"), "{err}");
    assert_eq!(fs::read(&p).unwrap(), before);
    assert_eq!(marginalia::store::load(&p).unwrap().name, "Desk");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temp file left: {leftovers:?}");
}

#[test]
fn save_then_load_is_identical_for_the_sample() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/sanctions_watch.ron");
    let bytes = fs::read(&sample).unwrap();
    let project = marginalia::store::from_bytes(&bytes).unwrap();
    assert_eq!(
        marginalia::store::to_bytes(&project).unwrap(),
        bytes,
        "the sample is in canonical form"
    );
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("s.ron");
    marginalia::store::save(&project, &copy).unwrap();
    assert_eq!(marginalia::store::load(&copy).unwrap(), project);
}

#[test]
fn extract_prints_the_article_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    fs::write(
        &page,
        r#"<html lang="en"><head><title>Seoul weighs sanctions | Sample Daily</title>
<meta property="og:site_name" content="Sample Daily"><meta name="author" content="Lee Ji-hye">
<meta property="article:published_time" content="2024-06-20T09:15:00+09:00"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Seoul weighs sanctions</h1>
<p>Seoul is weighing its own sanctions against firms that helped Pyongyang, officials said — a first.</p>
<p>“We are reviewing every option,” a ministry spokesperson said on Thursday.</p></article>
<div class="share"><a href="/fb">Share on Facebook</a></div></body></html>"#,
    )
    .unwrap();
    let o = run(&["extract", s(&page)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "Seoul is weighing its own sanctions against firms that helped Pyongyang, officials said — a first.\n\n“We are reviewing every option,” a ministry spokesperson said on Thursday.\n"
    );
    let o = run(&["extract", s(&page), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["title"], "Seoul weighs sanctions");
    assert_eq!(v["byline"], "Lee Ji-hye");
    assert_eq!(v["published"], "2024-06-20T09:15:00+09:00");
    assert_eq!(v["site"], "Sample Daily");
    assert!(v["text"].as_str().unwrap().starts_with("Seoul is weighing"));
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "title",
            "byline",
            "published",
            "site",
            "url",
            "lang",
            "description",
            "text",
            "captions",
            "encoding"
        ],
        "the documented keys, in order"
    );
    // Output cut short by a closed pipe ends quietly.
    let mut child = bin()
        .args(["extract", s(&page)])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn import_html_folder_with_good_duplicate_empty_and_garbage_pages() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let web = dir.path().join("saved");
    fs::create_dir_all(&web).unwrap();
    let article = |title: &str, body: &str| {
        format!(
            "<html><head><title>{title}</title></head><body><article><p>{body}</p><p>{body} Second paragraph with more words, and commas, for scoring.</p></article></body></html>"
        )
    };
    fs::write(
        web.join("a.html"),
        article(
            "EU sanctions",
            "EU ambassadors discussed a proposal to list dozens of tankers, diplomats said.",
        ),
    )
    .unwrap();
    fs::write(
        web.join("b.htm"),
        article(
            "Treasury acts",
            "The Treasury sanctioned a network of companies in three countries on Tuesday.",
        ),
    )
    .unwrap();
    fs::write(
        web.join("b-copy.html"),
        article(
            "Treasury acts",
            "The Treasury sanctioned a network of companies in three countries on Tuesday.",
        ),
    )
    .unwrap();
    fs::write(web.join("empty.html"), "").unwrap();
    fs::write(
        web.join("garbage.html"),
        (0..2000u32).map(|i| (i % 7) as u8).collect::<Vec<u8>>(),
    )
    .unwrap();
    fs::write(
        web.join("nav-only.html"),
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
    )
    .unwrap();
    let (euc, _, _) = encoding_rs::EUC_KR.encode(
        "<html><head><meta charset='euc-kr'><title>정부, 독자 제재 검토</title></head><body><article><p>외교부 대변인은 정례 브리핑에서 “독자 제재를 검토하고 있다”고 말했다.</p></article></body></html>",
    );
    fs::write(web.join("korean.html"), &euc).unwrap();
    let o = run(&["import", s(&p), s(&web)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("b.htm: same text as document"), "{err}");
    assert!(err.contains("empty.html: empty file"), "{err}");
    assert!(err.contains("garbage.html: binary file"), "{err}");
    // No article at all: the page's visible text, with a warning.
    assert!(
        err.contains("nav-only.html as ")
            && err.contains("; warning: no article found in the page; took its visible text"),
        "{err}"
    );
    assert!(err.contains("4 imported, 1 skipped, 2 failed"), "{err}");
    let project = marginalia::store::load(&p).unwrap();
    assert!(marginalia::model::validate(&project).is_empty());
    let korean = project
        .documents
        .iter()
        .find(|d| d.title == "정부, 독자 제재 검토")
        .expect("EUC-KR page");
    assert!(korean.text.contains("“독자 제재를 검토하고 있다”"));
    assert_eq!(
        korean.meta.get("encoding").map(String::as_str),
        Some("EUC-KR")
    );
}

#[test]
fn a_page_with_a_million_nested_elements_imports_its_article_safely() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let page = dir.path().join("hostile.html");
    let n = 1_000_000;
    let html = format!(
        "<html><body><article><p>Seoul said on Monday it would weigh its own sanctions, officials said.</p>{}deep{}</article></body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    fs::write(&page, html).unwrap();
    let o = run(&["import", s(&p), s(&page)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: the page nests deeper than the limit of 2000 elements"),
        "{}",
        stderr(&o)
    );
    let project = marginalia::store::load(&p).unwrap();
    assert!(
        project.documents[0]
            .text
            .starts_with("Seoul said on Monday")
    );
}

#[test]
fn a_page_in_one_form_imports_and_a_page_cut_before_its_text_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let paras = "<p>The ministry said on Thursday that it would review every contract signed with the firms, a spokesperson told reporters.</p><p>“We will not hesitate to act,” the spokesperson said, adding that the review would take several weeks.</p>";
    let form = dir.path().join("aspnet.html");
    fs::write(
        &form,
        format!(
            r#"<html><head><title>Ministry reviews contracts</title></head><body><form method="post" id="aspnetForm"><input type="hidden" name="__VIEWSTATE" value="x"><div id="header"><nav><a href="/">Home</a></nav></div><div id="ctl00_pnl">{paras}</div></form></body></html>"#
        ),
    )
    .unwrap();
    let deep = dir.path().join("deep.html");
    fs::write(
        &deep,
        format!(
            "<html><body>{}<article>{paras}</article></body></html>",
            "<div>".repeat(3000)
        ),
    )
    .unwrap();
    let o = run(&["extract", s(&form)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("The ministry said on Thursday"),
        "{}",
        stdout(&o)
    );
    let o = run(&["extract", s(&deep)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "deep.html: no text found: the page nests deeper than the limit of 2000 elements"
        ),
        "{}",
        stderr(&o)
    );
    let o = run(&["import", s(&p), s(&form), s(&deep)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("imported ") && err.contains("(\"Ministry reviews contracts\")"),
        "{err}"
    );
    assert!(
        err.contains("deep.html: no text found: the page nests deeper"),
        "{err}"
    );
    assert!(err.contains("1 imported, 0 skipped, 1 failed"), "{err}");
}

#[test]
fn suggest_prints_json_and_apply_adds_suggestions_that_exports_leave_out() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let article = dir.path().join("a.txt");
    fs::write(
        &article,
        "Seoul warns Moscow\n\n“We won’t hesitate to impose sanctions,” said State Department spokesman Matthew Miller.\n",
    )
    .unwrap();
    assert!(run(&["import", s(&p), s(&article)]).status.success());
    let o = run(&["suggest", s(&p), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    let quote = lines
        .iter()
        .find(|v| v["rule"] == "quotes")
        .expect("the quotation");
    for key in ["doc", "start", "end", "label", "text", "rule"] {
        assert!(!quote[key].is_null(), "{key}: {quote}");
    }
    assert_eq!(quote["label"], "quote");
    assert_eq!(
        quote["speaker"]["text"],
        "State Department spokesman Matthew Miller"
    );
    assert!(lines.iter().any(|v| v["rule"] == "sanction_language"));
    // --rules narrows; an unknown rule is an error.
    let o = run(&["suggest", s(&p), "--json", "--rules", "quotes"]);
    assert!(stdout(&o).lines().count() == 1, "{}", stdout(&o));
    let o = run(&["suggest", s(&p), "--rules", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no rule \"nope\""), "{}", stderr(&o));

    let o = run(&["suggest", s(&p), "--apply"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let project = marginalia::store::load(&p).unwrap();
    let d = &project.documents[0];
    assert!(d.spans.iter().all(|s| s.suggested && s.annotator == s.rule));
    assert_eq!(d.relations.len(), 1, "quote attributed_to speaker");
    let o = run(&["stats", s(&p), "--json"]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["spans"], 0, "pending suggestions are not spans yet");
    assert_eq!(v["suggestions"], d.spans.len());
    // Per rule: accepted, rejected, pending (what earns its keep).
    let pending: u64 = v["rules"]
        .as_object()
        .unwrap()
        .values()
        .map(|c| {
            assert_eq!(
                (c["accepted"].as_u64(), c["rejected"].as_u64()),
                (Some(0), Some(0))
            );
            c["pending"].as_u64().unwrap()
        })
        .sum();
    assert_eq!(pending as usize, d.spans.len());
    assert!(v["rules"]["quotes"]["pending"].as_u64().unwrap() >= 1);
    // Applied suggestions are not proposed again.
    let o = run(&["suggest", s(&p), "--json"]);
    assert_eq!(stdout(&o).trim(), "");
    // Exports hold accepted spans only, unless asked.
    let o = run(&["export", s(&p)]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["spans"].as_array().unwrap().len(), 0);
    let o = run(&["export", s(&p), "--include-suggestions"]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["spans"].as_array().unwrap().len(), d.spans.len());
}

#[test]
fn export_never_writes_over_a_project_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let p = tricky_project(dir.path());
    let before = fs::read(&p).unwrap();
    // The input itself, in every single-file format.
    for format in ["jsonl", "doccano", "spacy", "conll"] {
        let o = run(&["export", s(&p), "--format", format, "-o", s(&p)]);
        assert_eq!(o.status.code(), Some(2), "{format}: {}", stderr(&o));
        assert!(stderr(&o).contains(s(&p)), "{format}: {}", stderr(&o));
        assert!(stderr(&o).contains("--force"), "{format}: {}", stderr(&o));
        assert_eq!(
            fs::read(&p).unwrap(),
            before,
            "{format} replaced the project"
        );
    }
    // The same file by another name: a hard link, a symlink, a relative path.
    let hard = dir.path().join("hard.jsonl");
    fs::hard_link(&p, &hard).unwrap();
    #[cfg(unix)]
    let soft = {
        let soft = dir.path().join("soft.jsonl");
        std::os::unix::fs::symlink(&p, &soft).unwrap();
        Some(soft)
    };
    #[cfg(not(unix))]
    let soft: Option<PathBuf> = None;
    for out in std::iter::once(hard).chain(soft) {
        let o = run(&["export", s(&p), "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert_eq!(fs::read(&p).unwrap(), before, "{out:?}");
    }
    // Another project file, found by its content.
    let other = dir.path().join("other.dat");
    fs::copy(&p, &other).unwrap();
    let o = run(&["export", s(&p), "-o", s(&other)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("other.dat"), "{}", stderr(&o));
    assert_eq!(fs::read(&other).unwrap(), before);
    // Without the header comment, it still parses as a project.
    let text = String::from_utf8(before.clone()).unwrap();
    let bare = text.split_once('\n').unwrap().1;
    fs::write(&other, bare).unwrap();
    let o = run(&["export", s(&p), "-o", s(&other)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&other).unwrap(), bare);
    // An ordinary file (an earlier export) is replaced as before.
    let out = dir.path().join("out.jsonl");
    fs::write(&out, "{\"old\": 1}\n").unwrap();
    let o = run(&["export", s(&p), "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!marginalia::store::backup_path(&out).exists());

    // --force replaces it, and keeps the project as NAME.bak.
    let o = run(&["export", s(&p), "-o", s(&p), "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        fs::read(marginalia::store::backup_path(&p)).unwrap(),
        before
    );
    assert!(fs::read_to_string(&p).unwrap().starts_with("{\"id\""));
}

#[test]
fn brat_export_refuses_a_folder_of_other_files_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let p = tricky_project(dir.path());
    let out = dir.path().join("brat");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("annotation.conf"), "# hand-edited\n").unwrap();
    let o = run(&["export", s(&p), "--format", "brat", "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(s(&out)), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(out.join("annotation.conf")).unwrap(),
        "# hand-edited\n"
    );
    let o = run(&[
        "export",
        s(&p),
        "--format",
        "brat",
        "-o",
        s(&out),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join(".marginalia-brat").exists());
    // Now it is an earlier export: no --force needed.
    let o = run(&["export", s(&p), "--format", "brat", "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn new_refuses_label_names_with_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.ron");
    for bad in ["ok,bell\u{7}", "two\nlines", "esc\u{1b}[31m"] {
        let o = run(&["new", s(&p), "--labels", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("control character"), "{}", stderr(&o));
        assert!(stderr(&o).contains("p.ron"), "{}", stderr(&o));
        assert!(!p.exists());
    }
}

/// Runs the binary with a watchdog: a command that would hang (a FIFO read,
/// a symlink loop, an endless device) is killed after `secs` and the test
/// fails instead of hanging. Output goes to files so a full pipe never blocks.
fn run_watched(args: &[&str], secs: u64) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (dir.path().join("out"), dir.path().join("err"));
    let mut child = bin()
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("marginalia runs");
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > std::time::Duration::from_secs(secs) {
            child.kill().ok();
            child.wait().ok();
            let err = fs::read(&err_path).unwrap_or_default();
            panic!(
                "`marginalia {}` still running after {secs} s (killed); stderr: {}",
                args.join(" "),
                String::from_utf8_lossy(&err[..err.len().min(4000)])
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let cap = |p: &Path| {
        let mut b = fs::read(p).unwrap_or_default();
        b.truncate(1 << 20);
        b
    };
    Output {
        status,
        stdout: cap(&out_path),
        stderr: cap(&err_path),
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let st = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(st.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn fifos_are_refused_not_read_in_folders_on_the_command_line_and_by_extract() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let inbox = dir.path().join("inbox");
    fs::create_dir_all(&inbox).unwrap();
    fs::write(inbox.join("a.txt"), "Seoul warns Moscow\n\nBody.").unwrap();
    mkfifo(&inbox.join("pipe.txt"));
    let o = run_watched(&["import", s(&p), s(&inbox)], 10);
    let err = stderr(&o);
    assert!(
        err.contains("skipped") && err.contains("pipe.txt: not a regular file (a FIFO)"),
        "{err}"
    );
    assert!(err.contains("1 imported, 1 skipped, 0 failed"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");

    // Named on the command line: not a regular file, not "no such file".
    let fifo = inbox.join("pipe.txt");
    let o = run_watched(&["import", s(&p), s(&fifo)], 10);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("pipe.txt: not a regular file (a FIFO)"),
        "{err}"
    );
    assert!(!err.contains("no such file"), "{err}");

    let o = run_watched(&["extract", s(&fifo)], 10);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("pipe.txt: not a regular file (a FIFO)"),
        "{err}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn devices_are_refused_even_behind_a_link_named_like_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let o = run_watched(&["extract", "/dev/zero"], 10);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("/dev/zero: not a regular file (a character device)"),
        "{err}"
    );
    let inbox = dir.path().join("inbox");
    fs::create_dir_all(&inbox).unwrap();
    std::os::unix::fs::symlink("/dev/zero", inbox.join("zero.html")).unwrap();
    fs::write(inbox.join("a.txt"), "Seoul warns Moscow\n\nBody.").unwrap();
    let o = run_watched(&["import", s(&p), s(&inbox)], 10);
    let err = stderr(&o);
    assert!(
        err.contains("zero.html: not a regular file (a character device)"),
        "{err}"
    );
    assert!(err.contains("1 imported, 1 skipped, 0 failed"), "{err}");
}

#[cfg(unix)]
#[test]
fn links_back_to_a_folder_walk_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let inbox = dir.path().join("inbox");
    fs::create_dir_all(inbox.join("sub")).unwrap();
    fs::write(inbox.join("a.txt"), "Seoul warns Moscow\n\nBody.").unwrap();
    fs::write(inbox.join("sub/b.txt"), "Tokyo protests\n\nBody.").unwrap();
    std::os::unix::fs::symlink(".", inbox.join("again")).unwrap();
    std::os::unix::fs::symlink(".", inbox.join("more")).unwrap();
    std::os::unix::fs::symlink("..", inbox.join("sub/up")).unwrap();
    let o = run_watched(&["import", s(&p), s(&inbox)], 10);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("2 imported, 3 skipped, 0 failed"), "{err}");
    assert!(
        err.contains("again: a link to a folder already read"),
        "{err}"
    );
    assert!(!err.contains("same text as"), "each file read once: {err}");
}

/// Bytes that look random (a fixed LCG, so the test is repeatable).
fn noise(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 56) as u8
        })
        .collect()
}

#[test]
fn extract_and_import_refuse_binary_files_alike_and_read_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let inbox = dir.path().join("inbox");
    fs::create_dir_all(&inbox).unwrap();
    let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &noise(5000)].concat();
    let pdf = [
        b"%PDF-1.7\n".as_slice(),
        b"1 0 obj << /Type /Catalog >> endobj\n",
    ]
    .concat();
    let binaries: Vec<(&str, Vec<u8>)> = vec![
        ("nul.html", vec![0u8; 10 << 20]),
        ("ff.html", vec![0xffu8; 10 << 20]),
        ("picture.html", png.clone()),
        ("picture.txt", png),
        ("paper.html", pdf),
        ("noise.html", noise(100_000)),
        ("noise.txt", noise(100_000)),
        (
            "controls.txt",
            b"\x01\x02\x03\x04\x05\x06\x07\x08 text \x0e\x0f\x10\x11".repeat(200),
        ),
    ];
    for (name, bytes) in &binaries {
        let path = inbox.join(name);
        fs::write(&path, bytes).unwrap();
        if name.ends_with(".html") {
            let start = std::time::Instant::now();
            let o = run_watched(&["extract", s(&path)], 10);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(1), "{name}: {err}");
            assert!(
                err.contains(&format!("{name}: binary file")),
                "{name}: {err}"
            );
            assert!(stdout(&o).is_empty(), "{name}: prints nothing");
            let secs = start.elapsed().as_secs_f64();
            assert!(secs < 3.0, "{name}: extract took {secs:.1} s");
        }
    }
    // UTF-16 with a BOM is text, for extract and import alike.
    let page = "<html><head><title>Seoul weighs sanctions</title></head><body><article><p>Seoul is weighing its own sanctions against firms that helped Pyongyang, officials said.</p></article></body></html>";
    let utf16 = |text: &str, le: bool| -> Vec<u8> {
        let bom: &[u8] = if le { b"\xff\xfe" } else { b"\xfe\xff" };
        let units = text
            .encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() });
        bom.iter().copied().chain(units).collect()
    };
    fs::write(inbox.join("utf16.html"), utf16(page, true)).unwrap();
    fs::write(
        inbox.join("utf16be.txt"),
        utf16("Tokyo protests\r\n\r\n“Body” text.", false),
    )
    .unwrap();
    let o = run_watched(&["extract", s(&inbox.join("utf16.html"))], 10);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("Seoul is weighing"),
        "{}",
        stdout(&o)
    );

    let start = std::time::Instant::now();
    let o = run_watched(&["import", s(&p), s(&inbox)], 20);
    let err = stderr(&o);
    for (name, _) in &binaries {
        assert!(
            err.contains(&format!("failed {}: binary file", s(&inbox.join(name)))),
            "{name}: {err}"
        );
    }
    assert!(
        err.contains(&format!("2 imported, 0 skipped, {} failed", binaries.len())),
        "{err}"
    );
    let secs = start.elapsed().as_secs_f64();
    assert!(secs < 5.0, "import took {secs:.1} s");
    let project = marginalia::store::load(&p).unwrap();
    let titles: Vec<&str> = project.documents.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles, ["Seoul weighs sanctions", "Tokyo protests"]);
    assert_eq!(
        &*project.documents[1].text,
        "Tokyo protests\n\n“Body” text."
    );
}

/// The generated minister desk with one open document that names a new
/// minister.
fn minister_project(dir: &Path) -> PathBuf {
    use marginalia::model::Document;
    let mut p = marginalia::model::generate::minister_desk(10);
    p.documents.push(Document::new(
        "open",
        "Open",
        "Trade Minister Seo Yun arrived on Friday.",
    ));
    let path = dir.join("desk.ron");
    marginalia::store::save(&p, &path).unwrap();
    path
}

#[test]
fn learn_reports_cross_validated_scores_and_suggest_uses_the_model_with_scores() {
    let dir = tempfile::tempdir().unwrap();
    let p = minister_project(dir.path());
    let o = run(&["learn", s(&p), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let e = &v["labels"]["entity"];
    assert_eq!(e["train_spans"], 20);
    for k in ["precision", "recall", "f1"] {
        let x = e[k].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&x), "{k} {x}");
    }
    assert!(v["seconds"].as_f64().unwrap() >= 0.0);
    assert!(dir.path().join("desk.model").exists());
    // Suggestions from the model, with their score; done documents are left alone.
    let o = run(&["suggest", s(&p), "--rules", "learned", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l["text"] == "Seo Yun" && l["rule"] == "learned"),
        "{lines:?}"
    );
    assert!(lines.iter().all(|l| l["doc"] == "open"));
    assert!(
        lines
            .iter()
            .all(|l| (0.5..=1.0).contains(&l["score"].as_f64().unwrap()))
    );
    // --min-score filters; out of range is refused.
    let o = run(&[
        "suggest",
        s(&p),
        "--rules",
        "learned",
        "--json",
        "--min-score",
        "1.01",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("between 0 and 1"));
    let o = run(&[
        "suggest",
        s(&p),
        "--rules",
        "learned",
        "--json",
        "--min-score",
        "1",
    ]);
    let strict = stdout(&o).lines().count();
    assert!(strict <= lines.len());
    // Applied, then one rejected: not proposed again, and the model retrains.
    let o = run(&["suggest", s(&p), "--rules", "learned", "--apply"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut project = marginalia::store::load(&p).unwrap();
    let doc = project
        .documents
        .iter_mut()
        .find(|d| d.id == "open")
        .unwrap();
    let sug = doc
        .spans
        .iter()
        .position(|x| x.suggested && x.rule == "learned")
        .expect("applied");
    let gone = doc.spans.remove(sug);
    doc.rejected.push(marginalia::model::Rejected {
        start: gone.start,
        end: gone.end,
        label: gone.label.clone(),
        rule: gone.rule.clone(),
    });
    marginalia::store::save(&project, &p).unwrap();
    let o = run(&[
        "suggest",
        s(&p),
        "--rules",
        "learned",
        "--json",
        "--min-score",
        "0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("trained"),
        "a rejection changes the training data: {}",
        stderr(&o)
    );
    assert!(
        !stdout(&o)
            .lines()
            .any(|l| l.contains(&format!("\"start\":{},\"end\":{}", gone.start, gone.end))),
        "rejected span proposed again"
    );
    // Exports hold no suggestion unless asked.
    let out = dir.path().join("out.jsonl");
    let o = run(&["export", s(&p), "--format", "jsonl", "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!fs::read_to_string(&out).unwrap().contains("learned"));
}

#[test]
fn suggest_from_another_models_predictions_with_scores() {
    let dir = tempfile::tempdir().unwrap();
    let p = minister_project(dir.path());
    let preds = dir.path().join("preds.jsonl");
    let open_text = "Trade Minister Seo Yun arrived on Friday.";
    fs::write(
        &preds,
        format!(
            "{}\n{}\n{}\n{}\n",
            // spaCy/Prodigy spans with scores, matched by text
            serde_json::json!({"text": open_text, "spans": [
                {"start": 15, "end": 22, "label": "entity", "score": 0.91},
                {"start": 35, "end": 41, "label": "entity", "score": 0.2},
                {"start": 0, "end": 5, "label": "topic", "score": 0.9}
            ]}),
            // doccano, no score
            serde_json::json!({"text": open_text, "label": [[6, 14, "entity"]]}),
            serde_json::json!({"text": "A text no document has.", "spans": []}),
            "not json"
        ),
    )
    .unwrap();
    let o = run(&[
        "suggest",
        s(&p),
        "--from",
        s(&preds),
        "--rule",
        "spacy_ner",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got: Vec<(String, Option<f64>)> = lines
        .iter()
        .map(|l| (l["text"].as_str().unwrap().to_owned(), l["score"].as_f64()))
        .collect();
    assert_eq!(
        got,
        [
            ("Seo Yun".to_owned(), Some(0.91)),
            ("Minister".to_owned(), None)
        ],
        "0.2 is under the default --min-score 0.5"
    );
    assert!(
        lines
            .iter()
            .all(|l| l["rule"] == "spacy_ner" && l["doc"] == "open")
    );
    let err = stderr(&o);
    assert!(
        err.contains("preds.jsonl:1: label \"topic\" is not in the project"),
        "{err}"
    );
    assert!(
        err.contains("preds.jsonl:3: no document of the project has this text"),
        "{err}"
    );
    assert!(err.contains("preds.jsonl:4: not JSON"), "{err}");
    // --min-score 0 keeps the weak one too; --apply adds them as suggestions.
    let o = run(&[
        "suggest",
        s(&p),
        "--from",
        s(&preds),
        "--min-score",
        "0",
        "--apply",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let project = marginalia::store::load(&p).unwrap();
    let open = project.document("open").unwrap();
    let mut added: Vec<(usize, usize)> = open
        .spans
        .iter()
        .filter(|x| x.suggested && x.rule == "external")
        .map(|x| (x.start, x.end))
        .collect();
    added.sort();
    assert_eq!(added, [(6, 14), (15, 22), (35, 41)]);
    // Round trip: the project's own jsonl export, read back as predictions
    // into a copy without spans, proposes exactly the spans it had.
    let out = dir.path().join("export.jsonl");
    assert!(
        run(&["export", s(&p), "--format", "jsonl", "-o", s(&out)])
            .status
            .success()
    );
    let mut bare = marginalia::store::load(&p).unwrap();
    for d in &mut bare.documents {
        d.spans.clear();
        d.status = marginalia::model::Status::Todo;
    }
    let bare_path = dir.path().join("bare.ron");
    marginalia::store::save(&bare, &bare_path).unwrap();
    let o = run(&[
        "suggest",
        s(&bare_path),
        "--from",
        s(&out),
        "--json",
        "--min-score",
        "0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let n = stdout(&o).lines().count();
    let accepted: usize = project
        .documents
        .iter()
        .map(|d| d.spans.iter().filter(|x| !x.suggested).count())
        .sum();
    assert_eq!(n, accepted);
}

#[test]
fn learn_never_overwrites_a_project_named_like_its_model_and_from_refuses_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let p = minister_project(dir.path());
    let odd = dir.path().join("desk.model");
    fs::rename(&p, &odd).unwrap();
    let before = fs::read(&odd).unwrap();
    let o = run(&["learn", s(&odd), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fs::read(&odd).unwrap(), before, "the project is untouched");
    assert!(dir.path().join("desk.model.model").exists());
    #[cfg(unix)]
    {
        let fifo = dir.path().join("preds.fifo");
        assert!(
            Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let o = run(&["suggest", s(&odd), "--from", s(&fifo)]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    }
}

#[test]
fn a_version_2_file_opens_saves_as_the_current_version_and_a_newer_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let v2 = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/v2_project.ron");
    let old = std::fs::read_to_string(&v2).unwrap();
    assert!(old.contains("format_version: 2"));
    let p = dir.path().join("p.ron");
    std::fs::copy(&v2, &p).unwrap();
    let project = marginalia::store::load(&p).expect("a v2 file opens");
    assert_eq!(project.format_version, 4);
    assert!(project.doc_label_sets.is_empty() && project.entities.is_empty());
    marginalia::store::save(&project, &p).unwrap();
    let saved = std::fs::read_to_string(&p).unwrap();
    assert!(saved.contains("format_version: 4"), "saved as 4");
    let o = run(&["validate", s(&p)]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Nothing but the version changed: the same project either way.
    assert_eq!(marginalia::store::load(&p).unwrap(), project);
    // A file from a newer program is refused, naming its version.
    let newer = dir.path().join("newer.ron");
    std::fs::write(
        &newer,
        saved.replace("format_version: 4", "format_version: 5"),
    )
    .unwrap();
    let o = run(&["stats", s(&newer)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("version 5"), "{}", stderr(&o));
}

#[test]
fn query_finds_documents_and_spans_and_says_where_a_query_is_wrong() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/sanctions_watch.ron");
    let p = marginalia::store::load(&sample).unwrap();
    // Quotes without a speaker, by brute force.
    let want: Vec<&str> =
        p.documents
            .iter()
            .filter(|d| {
                d.spans.iter().any(|s| {
                    s.label == "quote"
                        && !d.relations.iter().any(|r| {
                            r.label == "attributed_to" && (r.head == s.id || r.child == s.id)
                        })
                })
            })
            .map(|d| d.id.as_str())
            .collect();
    let o = run(&[
        "query",
        s(&sample),
        "label:quote -rel:attributed_to",
        "--json",
    ]);
    let got: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(o.status.code(), Some(if want.is_empty() { 1 } else { 0 }));
    // Spans: every quote.
    let o = run(&["query", s(&sample), "label:quote", "--spans"]);
    assert_eq!(o.status.code(), Some(0));
    let quotes: usize = p
        .documents
        .iter()
        .flat_map(|d| &d.spans)
        .filter(|s| s.label == "quote")
        .count();
    assert_eq!(stdout(&o).lines().count(), quotes);
    // None: exit 1. Malformed: exit 2 with the position.
    let o = run(&["query", s(&sample), "label:no_such_label"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    let o = run(&["query", s(&sample), "label:quote statu:done"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("at character 13"), "{}", stderr(&o));
}

#[test]
fn a_query_saved_from_the_command_line_runs_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/sanctions_watch.ron");
    let p = dir.path().join("desk.ron");
    std::fs::copy(&sample, &p).unwrap();
    let q = "label:quote -rel:attributed_to";
    let direct = run(&["query", s(&p), q]);
    let o = run(&["query", s(&p), q, "--save", "quotes without a speaker"]);
    assert_eq!(o.status.code(), direct.status.code(), "{}", stderr(&o));
    assert_eq!(stdout(&o), stdout(&direct));
    let saved = marginalia::store::load(&p).unwrap().saved_queries;
    assert_eq!(saved.len(), 1);
    assert_eq!(
        (saved[0].name.as_str(), saved[0].query.as_str()),
        ("quotes without a speaker", q)
    );
    let o = run(&[
        "query",
        s(&p),
        "--saved",
        "quotes without a speaker",
        "--json",
    ]);
    assert_eq!(o.status.code(), direct.status.code(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), stdout(&direct).lines().count());
    // An unknown name says which there are; a malformed query is not saved.
    let o = run(&["query", s(&p), "--saved", "quotes"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("quotes without a speaker"),
        "{}",
        stderr(&o)
    );
    let before = std::fs::read(&p).unwrap();
    let o = run(&["query", s(&p), "label:", "--save", "broken"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&p).unwrap(), before, "nothing written");
}

#[test]
fn assign_spreads_documents_with_overlap_reproducibly_and_agreement_scores_the_overlap() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("desk.ron");
    let project = marginalia::model::generate::project(100, 60, 3, 5);
    marginalia::store::save(&project, &p).unwrap();
    let copy = dir.path().join("copy.ron");
    std::fs::copy(&p, &copy).unwrap();
    let args = ["--to", "kim,lee,park", "--overlap", "0.15", "--seed", "1"];
    for f in [&p, &copy] {
        let mut a = vec!["assign", s(f)];
        a.extend(args);
        let o = run(&a);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let a = marginalia::store::load(&p).unwrap();
    let b = marginalia::store::load(&copy).unwrap();
    let who = |p: &marginalia::model::Project| -> Vec<Vec<String>> {
        p.documents.iter().map(|d| d.assignees.clone()).collect()
    };
    assert_eq!(who(&a), who(&b), "the same seed, the same split");
    assert_eq!(
        a.documents
            .iter()
            .filter(|d| d.assignees.len() == 2)
            .count(),
        15
    );
    for name in ["kim", "lee", "park"] {
        let n = a
            .documents
            .iter()
            .filter(|d| d.assignees.iter().any(|x| x == name))
            .count();
        assert!(n == 38 || n == 39, "{name}: {n}");
    }
    // stats and the query language see them.
    let stats: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["stats", s(&p), "--json"]))).unwrap();
    let kim = stats["assignees"]["kim"]["assigned"].as_u64().unwrap();
    assert!(kim == 38 || kim == 39);
    let o = run(&["query", s(&p), "assignee:kim"]);
    assert_eq!(stdout(&o).lines().count() as u64, kim);
    // Agreement on the overlap only: a colleague's copy with other spans.
    let mut theirs = a.clone();
    for d in &mut theirs.documents {
        d.spans.pop();
    }
    let t = dir.path().join("theirs.ron");
    marginalia::store::save(&theirs, &t).unwrap();
    let o = run(&["agreement", s(&p), s(&t), "--overlap-only", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(r["documents"], 15);
    // --clear with --to takes only those analysts off; without, everyone.
    let o = run(&["assign", s(&p), "--clear", "--to", "kim"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let a = marginalia::store::load(&p).unwrap();
    assert!(
        a.documents
            .iter()
            .all(|d| !d.assignees.iter().any(|x| x == "kim"))
    );
    assert!(
        a.documents
            .iter()
            .any(|d| d.assignees.iter().any(|x| x == "lee"))
    );
    let o = run(&["assign", s(&p), "--clear"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let a = marginalia::store::load(&p).unwrap();
    assert!(a.documents.iter().all(|d| d.assignees.is_empty()));
}

#[test]
fn a_query_may_start_with_a_minus_and_names_it_does_not_know_are_warned_about() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/sanctions_watch.ron");
    let p = marginalia::store::load(&sample).unwrap();
    let without: usize = p
        .documents
        .iter()
        .filter(|d| d.spans.iter().all(|s| s.label != "quote"))
        .count();
    let o = run(&["query", s(&sample), "-label:quote"]);
    assert_eq!(stdout(&o).lines().count(), without, "{}", stderr(&o));
    let o = run(&["query", s(&sample), "label:Quote"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no label \"Quote\""), "{}", stderr(&o));
}
