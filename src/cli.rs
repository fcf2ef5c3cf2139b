//! The command line: every command works on a project file.
//!
//! Exit codes: 0 success; 1 the command ran but found problems (invalid
//! project, inputs that failed to import); 2 usage or I/O errors.

use crate::export::{self, Filter, Format};
use crate::import::{self, ImportOptions};
use crate::model::{CreationInfo, Project, Status, labels_from_names, validate};
use crate::store;
use anyhow::{Context as _, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Writes a line to standard output; a closed pipe (`| head`) ends the
/// command quietly instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut o = std::io::stdout().lock();
        if let Err(e) = writeln!(o, $($arg)*) {
            return Err(e.into());
        }
    }};
}

/// Marginalia: annotate news articles, export training data.
#[derive(Parser, Debug)]
#[command(
    name = "marginalia",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Project file to open in the window.
    pub file: Option<PathBuf>,
    /// A command; without one, the window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create an empty project file.
    New {
        /// The project file to create.
        file: PathBuf,
        /// Project name (default: the file name).
        #[arg(long)]
        name: Option<String>,
        /// Comma-separated span labels (default: claim, quote, sanction_threat, speaker, entity).
        #[arg(long, value_delimiter = ',')]
        labels: Option<Vec<String>>,
        /// Replace an existing file (the old one is kept as FILE.bak).
        #[arg(long)]
        force: bool,
    },
    /// Import text files and folders into a project.
    Import {
        /// The project file.
        file: PathBuf,
        /// Files and folders to import (folders recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Import texts the project already has.
        #[arg(long)]
        allow_duplicates: bool,
        /// Annotator recorded on imported spans (default: the OS user).
        #[arg(long)]
        annotator: Option<String>,
    },
    /// Export annotations for training.
    Export {
        /// The project file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        /// Output file (default: standard output).
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
        /// Only documents with this status.
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        /// Only these labels (comma-separated).
        #[arg(long, value_delimiter = ',')]
        labels: Option<Vec<String>>,
        /// Only spans by this annotator.
        #[arg(long)]
        annotator: Option<String>,
        /// Also write suggestions not yet accepted.
        #[arg(long)]
        include_suggestions: bool,
        /// Only documents with this document label (SET:CHOICE; repeat for
        /// all of several).
        #[arg(long = "doc-label", value_name = "SET:CHOICE")]
        doc_label: Vec<String>,
        /// Also write the entity registry to this file (JSON lines).
        #[arg(long, value_name = "OUT.jsonl")]
        entities: Option<PathBuf>,
        /// Write even over a Marginalia project file (kept as FILE.bak) or
        /// into a non-empty folder that is not an earlier brat export.
        #[arg(long)]
        force: bool,
    },
    /// Pre-annotate: propose spans from the quote finder and the project's rules.
    ///
    /// Prints the suggestions (with --json one object a line: doc, start,
    /// end, label, text, rule, and for quotes the proposed speaker span);
    /// --apply adds them as suggested spans (the rule as annotator) for the
    /// analyst to accept or reject in the window.
    Suggest {
        /// The project file.
        file: PathBuf,
        /// Only this document (its id).
        #[arg(long)]
        doc: Option<String>,
        /// Only these rules (comma-separated; `quotes` is the quote finder).
        #[arg(long, value_delimiter = ',')]
        rules: Option<Vec<String>>,
        /// One JSON object a line.
        #[arg(long)]
        json: bool,
        /// Add the suggestions to the project file.
        #[arg(long)]
        apply: bool,
        /// With `--rules learned`: only suggestions the model scores at
        /// least this high (0..1; the share of its fold models that agree).
        #[arg(long, default_value_t = 0.5)]
        min_score: f64,
        /// Another model's predictions (JSON lines: Marginalia or
        /// spaCy/Prodigy `spans` with optional `score`, doccano) as
        /// suggestions; rules run only when --rules is given too.
        #[arg(long, value_name = "PREDICTIONS.jsonl")]
        from: Option<PathBuf>,
        /// The rule name for --from suggestions.
        #[arg(long, default_value = "external")]
        rule: String,
    },
    /// Train the learned suggester on the project's accepted spans and save
    /// it beside the project (NAME.model); print each label's
    /// cross-validated precision, recall and F1.
    Learn {
        /// The project file.
        file: PathBuf,
        /// Only these labels (comma-separated).
        #[arg(long, value_delimiter = ',')]
        labels: Option<Vec<String>>,
        /// One JSON object: labels {label: {train_spans, precision, recall, f1}}, seconds.
        #[arg(long)]
        json: bool,
    },
    /// Print the article in a saved web page (title, byline, date, body).
    Extract {
        /// The saved page (.html).
        page: PathBuf,
        /// Print one JSON object: title, byline, published, site, url, lang, text, captions, ...
        #[arg(long)]
        json: bool,
    },
    /// Check a project's invariants; list every problem.
    Validate {
        /// The project file.
        file: PathBuf,
    },
    /// Find documents (or spans) with the query language.
    ///
    /// Terms combine with spaces (and), OR, - (not) and parentheses:
    /// label:quote -rel:attributed_to, status:done, doc:stance=hostile,
    /// entity:"Matthew Miller", text:"export controls", title:..., site:...,
    /// published:2024-01..2024-06, spans>20, suggested, conflict,
    /// annotator:NAME, rule:NAME. Exit 0 with matches, 1 with none, 2 on a
    /// malformed query (with the position of the error).
    Query {
        /// The project file.
        file: PathBuf,
        /// The query (may start with `-`); not with --saved.
        #[arg(allow_hyphen_values = true, required_unless_present = "saved")]
        query: Option<String>,
        /// Run the query saved in the project under this name.
        #[arg(long, value_name = "NAME", conflicts_with_all = ["query", "save"])]
        saved: Option<String>,
        /// Save the query in the project under this name (replacing one of
        /// that name), then run it.
        #[arg(long, value_name = "NAME")]
        save: Option<String>,
        /// List matching spans instead of documents.
        #[arg(long)]
        spans: bool,
        /// One JSON object a line.
        #[arg(long)]
        json: bool,
    },
    /// List the entity registry with mention and quote counts.
    Entities {
        /// The project file.
        file: PathBuf,
        /// One JSON object a line.
        #[arg(long)]
        json: bool,
    },
    /// Count documents, spans and labels.
    Stats {
        /// The project file.
        file: PathBuf,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Merge copies of a project annotated by different analysts.
    ///
    /// Documents are matched by id or text; every span is kept; identical
    /// spans once, with all their annotators; disagreements flagged for
    /// curation in the window.
    Merge {
        /// The copies (two or more); the first one's settings win.
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// The merged project file to write.
        #[arg(short = 'o', long, required = true)]
        output: PathBuf,
    },
    /// Three-way merge for git: `marginalia merge-driver %O %A %B`.
    ///
    /// Writes the result over %A. Exit 0: merged cleanly; 1: disagreements
    /// were kept as flagged spans (valid project, curate in the window);
    /// 2: an input could not be read (%A untouched).
    MergeDriver {
        /// The common ancestor (%O).
        base: PathBuf,
        /// Our version, overwritten with the result (%A).
        ours: PathBuf,
        /// Their version (%B).
        theirs: PathBuf,
    },
    /// Inter-annotator agreement between copies of a project.
    Agreement {
        /// One copy per annotator (two or more).
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// Print one JSON object (keys f1_exact, f1_overlap, kappa, alpha per label and overall).
        #[arg(long)]
        json: bool,
        /// Only the documents assigned to two analysts (the overlap kept
        /// for agreement; read from the first copy).
        #[arg(long)]
        overlap_only: bool,
    },
    /// Spread documents over analysts, some to two for agreement.
    ///
    /// The matching documents not yet assigned go evenly to the analysts;
    /// --overlap FRACTION of them to two. The same --seed gives the same
    /// split. --clear takes the assignments of the matching documents back.
    Assign {
        /// The project file.
        file: PathBuf,
        /// The analysts (comma-separated).
        #[arg(long, value_delimiter = ',')]
        to: Vec<String>,
        /// Share of the documents given to two analysts (0 to 1).
        #[arg(long, default_value_t = 0.0)]
        overlap: f64,
        /// Only documents matching this query.
        #[arg(long)]
        query: Option<String>,
        /// Seed of the random split.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Unassign the matching documents instead.
        #[arg(long)]
        clear: bool,
    },
    /// Open a project in the window.
    Open {
        /// The project file.
        file: PathBuf,
    },
}

/// Export formats on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    /// One JSON object per document (Marginalia's schema; Prodigy/spaCy read its spans).
    Jsonl,
    /// doccano sequence labeling JSONL.
    Doccano,
    /// Prodigy/spaCy tasks with tokens and token-aligned spans.
    Spacy,
    /// brat standoff: a folder of .txt/.ann files (needs -o FOLDER).
    Brat,
    /// CoNLL IOB2, one token per line.
    Conll,
    /// The entity registry, one entry a line.
    Entities,
}

impl From<ExportFormat> for Format {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::Jsonl => Format::Jsonl,
            ExportFormat::Doccano => Format::Doccano,
            ExportFormat::Spacy => Format::Spacy,
            ExportFormat::Brat => Format::Brat,
            ExportFormat::Conll => Format::Conll,
            ExportFormat::Entities => Format::Entities,
        }
    }
}

/// Document statuses on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum StatusArg {
    /// Not started.
    Todo,
    /// Started.
    InProgress,
    /// Finished.
    Done,
    /// Finished and signed off by a reviewer.
    Reviewed,
}

impl From<StatusArg> for Status {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::Todo => Status::Todo,
            StatusArg::InProgress => Status::InProgress,
            StatusArg::Done | StatusArg::Reviewed => Status::Done,
        }
    }
}

/// Runs a parsed command line. `open_window` opens the GUI (absent in
/// headless builds).
pub fn run(cli: Cli, open_window: Option<fn(Option<PathBuf>) -> Result<()>>) -> Result<ExitCode> {
    let window = |file| match open_window {
        Some(open) => open(file).map(|()| ExitCode::SUCCESS),
        None => bail!("this build of marginalia has no window (built without the `gui` feature)"),
    };
    match cli.command {
        None => window(cli.file),
        Some(Command::Open { file }) => window(Some(file)),
        Some(Command::New {
            file,
            name,
            labels,
            force,
        }) => cmd_new(&file, name, labels, force),
        Some(Command::Import {
            file,
            paths,
            allow_duplicates,
            annotator,
        }) => cmd_import(
            &file,
            &paths,
            &ImportOptions {
                allow_duplicates,
                annotator: annotator.unwrap_or_else(crate::user::default_annotator),
            },
        ),
        Some(Command::Export {
            file,
            format,
            output,
            status,
            labels,
            annotator,
            include_suggestions,
            doc_label,
            entities,
            force,
        }) => {
            let mut doc_labels = Vec::new();
            for d in &doc_label {
                let Some((set, choice)) = d.split_once(':') else {
                    anyhow::bail!("--doc-label {d:?}: expected SET:CHOICE");
                };
                doc_labels.push((set.trim().to_owned(), choice.trim().to_owned()));
            }
            let filter = Filter {
                status: status.map(Into::into),
                reviewed: matches!(status, Some(StatusArg::Reviewed)),
                labels: labels.unwrap_or_default(),
                annotator,
                include_suggestions,
                doc_labels,
            };
            let guard = export::Guard {
                project: Some(file.clone()),
                force,
            };
            let code = cmd_export(&file, format.into(), &filter, output.as_deref(), &guard)?;
            if let Some(out) = entities {
                if output.as_deref() == Some(out.as_path()) {
                    anyhow::bail!(
                        "{}: --entities names the export's own output file",
                        out.display()
                    );
                }
                cmd_export(&file, Format::Entities, &filter, Some(&out), &guard)?;
            }
            Ok(code)
        }
        Some(Command::Entities { file, json }) => cmd_entities(&file, json),
        Some(Command::Query {
            file,
            query,
            saved,
            save,
            spans,
            json,
        }) => cmd_query(&file, query, saved, save, spans, json),
        Some(Command::Validate { file }) => cmd_validate(&file),
        Some(Command::Extract { page, json }) => cmd_extract(&page, json),
        Some(Command::Stats { file, json }) => cmd_stats(&file, json),
        Some(Command::Merge { files, output }) => cmd_merge(&files, &output),
        Some(Command::MergeDriver { base, ours, theirs }) => {
            cmd_merge_driver(&base, &ours, &theirs)
        }
        Some(Command::Agreement {
            files,
            json,
            overlap_only,
        }) => cmd_agreement(&files, json, overlap_only),
        Some(Command::Assign {
            file,
            to,
            overlap,
            query,
            seed,
            clear,
        }) => cmd_assign(&file, &to, overlap, query.as_deref(), seed, clear),
        Some(Command::Suggest {
            file,
            doc,
            rules,
            json,
            apply,
            min_score,
            from,
            rule,
        }) => cmd_suggest(
            &file,
            doc.as_deref(),
            rules.as_deref(),
            json,
            apply,
            min_score,
            from.as_deref().map(|f| (f, rule.as_str())),
        ),
        Some(Command::Learn { file, labels, json }) => cmd_learn(&file, labels.as_deref(), json),
    }
}

fn cmd_learn(file: &Path, labels: Option<&[String]>, json: bool) -> Result<ExitCode> {
    use crate::suggest::learned;
    let project = store::load(file)?;
    if let Some(ls) = labels {
        for l in ls {
            if project.label(l).is_none() {
                bail!("{}: no label {l:?}", file.display());
            }
        }
    }
    let t = std::time::Instant::now();
    let model = learned::learn(&project, labels).with_context(|| format!("{}", file.display()))?;
    let seconds = t.elapsed().as_secs_f64();
    let path = learned::model_path(file);
    learned::save(&model, &path)?;
    if json {
        let labels: serde_json::Map<String, serde_json::Value> = model
            .labels
            .iter()
            .map(|(l, m)| {
                (
                    l.clone(),
                    serde_json::json!({
                        "train_spans": m.train_spans,
                        "precision": m.scores.precision,
                        "recall": m.scores.recall,
                        "f1": m.scores.f1,
                    }),
                )
            })
            .collect();
        out!(
            "{}",
            serde_json::json!({"labels": labels, "seconds": seconds})
        );
    } else {
        out!("label\ttrain_spans\tprecision\trecall\tf1");
        for (l, m) in &model.labels {
            out!(
                "{l}\t{}\t{:.3}\t{:.3}\t{:.3}",
                m.train_spans,
                m.scores.precision,
                m.scores.recall,
                m.scores.f1
            );
        }
        eprintln!(
            "{}: learned {} labels in {seconds:.2} s (precision, recall and F1: 5-fold cross-validation over documents marked done)",
            path.display(),
            model.labels.len()
        );
    }
    let asked: Vec<String> = match labels {
        Some(l) => l.to_vec(),
        None => project.labels.iter().map(|l| l.name.clone()).collect(),
    };
    for l in asked.iter().filter(|l| !model.labels.contains_key(*l)) {
        eprintln!(
            "{l}: fewer than {} accepted spans to learn from; not learned",
            learned::MIN_SPANS
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn cmd_suggest(
    file: &Path,
    doc: Option<&str>,
    rules: Option<&[String]>,
    json: bool,
    apply: bool,
    min_score: f64,
    from: Option<(&Path, &str)>,
) -> Result<ExitCode> {
    if let Some((_, rule)) = from {
        crate::model::check_name("rule", rule).map_err(|e| anyhow::anyhow!("--rule: {e}"))?;
    }
    if !(0.0..=1.0).contains(&min_score) {
        bail!("--min-score {min_score}: a score is between 0 and 1");
    }
    let stamp = store::DiskStamp::of(file).ok().flatten();
    let project = if apply {
        load_valid(file)?
    } else {
        store::load(file)?
    };
    if let Some(id) = doc
        && project.document(id).is_none()
    {
        bail!("{}: no document {id:?}", file.display());
    }
    // `learned` is the model beside the project; the others are rules.
    let learned_asked = rules.is_some_and(|r| r.iter().any(|n| n == crate::suggest::learned::RULE));
    let others: Option<Vec<String>> = rules.map(|r| {
        r.iter()
            .filter(|n| *n != crate::suggest::learned::RULE)
            .cloned()
            .collect()
    });
    let mut suggestions = if (learned_asked && others.as_ref().is_some_and(Vec::is_empty))
        || (from.is_some() && rules.is_none())
    {
        Vec::new()
    } else {
        crate::suggest::suggest(&project, doc, others.as_deref())
            .with_context(|| format!("{}", file.display()))?
    };
    if learned_asked {
        use crate::suggest::learned;
        let (model, trained) =
            learned::ensure(&project, file).with_context(|| format!("{}", file.display()))?;
        if trained {
            eprintln!(
                "{}: trained the learned suggester on the project's spans",
                learned::model_path(file).display()
            );
        }
        suggestions.extend(learned::suggestions(&project, &model, doc, min_score));
    }
    if let Some((path, rule)) = from {
        let (found, report) =
            crate::suggest::external::from_predictions(&project, path, rule, min_score)
                .with_context(|| format!("{}", path.display()))?;
        for p in &report.problems {
            eprintln!("{p}");
        }
        let found = found.into_iter().filter(|s| doc.is_none_or(|d| s.doc == d));
        suggestions.extend(found);
    }
    for s in &suggestions {
        if json {
            out!("{}", serde_json::to_string(s)?);
        } else {
            let speaker = s
                .speaker
                .as_ref()
                .map(|sp| format!("  ← {} {}..{} {:?}", sp.label, sp.start, sp.end, sp.text))
                .unwrap_or_default();
            out!(
                "{}\t{}..{}\t{}\t{}\t{:?}{speaker}",
                s.doc,
                s.start,
                s.end,
                s.label,
                s.rule,
                s.text
            );
        }
    }
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for s in &suggestions {
        *counts.entry(s.rule.as_str()).or_default() += 1;
    }
    let per_rule = counts
        .iter()
        .map(|(r, n)| format!("{r} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    if apply && !suggestions.is_empty() {
        let base = project.clone();
        let n = suggestions.len();
        let mut session = crate::session::Session::open(
            project,
            Some(file.to_owned()),
            &crate::user::default_annotator(),
        );
        if session.add_suggestions(suggestions, "") == 0 {
            let why = session.take_notices().into_iter().map(|n| n.text);
            bail!(
                "could not add the suggestions: {}",
                why.collect::<Vec<_>>().join("; ")
            );
        }
        let Some(project) = session.project else {
            bail!("{}: no project", file.display());
        };
        save_merging(&base, project, file, stamp)?;
        eprintln!(
            "{}: added {n} suggestions ({per_rule}); accept or reject them in the window",
            file.display(),
        );
    } else {
        eprintln!("{} suggestions ({per_rule})", suggestions.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// Saves `ours` (made from `base`, read from `file` with `stamp`) through
/// [`crate::merge::save_merging`]: someone else's save meanwhile is merged
/// in, never overwritten; says so on standard error.
fn save_merging(
    base: &Project,
    ours: Project,
    file: &Path,
    stamp: Option<store::DiskStamp>,
) -> Result<()> {
    let saved = crate::merge::save_merging(base, ours, file, stamp).map_err(|e| match e {
        store::StoreError::ChangedOnDisk { .. } => anyhow::anyhow!(
            "{}: the file kept changing while saving; nothing was written, run again",
            file.display()
        ),
        e => anyhow::Error::new(e).context("nothing was written"),
    })?;
    if let Some(report) = saved.merged_theirs {
        eprintln!(
            "{}: saved by someone else meanwhile; their changes were merged in{}",
            file.display(),
            if report.conflicts > 0 {
                format!(" ({} disagreements flagged for curation)", report.conflicts)
            } else {
                String::new()
            }
        );
    }
    Ok(())
}

fn load_all(files: &[PathBuf]) -> Result<Vec<Project>> {
    files
        .iter()
        .map(|f| store::load(f).map_err(Into::into))
        .collect()
}

fn merge_summary(r: &crate::merge::MergeReport) -> String {
    format!(
        "{} documents ({} added), {} spans ({} made by more than one analyst), {} disagreements flagged ({} spans){}",
        r.documents,
        r.documents_added,
        r.spans,
        r.spans_shared,
        r.conflicts,
        r.conflicting_spans,
        if r.labels_added.is_empty() {
            String::new()
        } else {
            format!(", labels added: {}", r.labels_added.join(", "))
        }
    ) + &match (r.doc_labels_disputed, r.entities_flagged) {
        (0, 0) => String::new(),
        (d, e) => format!(
            ", {d} document labels set differently (kept to curate), {e} registry entries that may be one"
        ),
    }
}

fn cmd_merge(files: &[PathBuf], output: &Path) -> Result<ExitCode> {
    let copies = load_all(files)?;
    let (merged, report) = crate::merge::merge_all(&copies);
    if let Some(p) = validate(&merged).first() {
        bail!("the merged project would be invalid ({p}); nothing was written");
    }
    store::save(&merged, output)?;
    eprintln!("{}: {}", output.display(), merge_summary(&report));
    if report.conflicts + report.doc_labels_disputed > 0 {
        eprintln!("open it in Marginalia to curate the flagged disagreements");
    }
    Ok(ExitCode::SUCCESS)
}

/// The merge base git passes as %O: when both sides added the file
/// (add/add) it is empty, which is a merge from an empty project.
fn load_base(base: &Path) -> Result<Project> {
    let blank = std::fs::metadata(base).is_ok_and(|m| m.len() <= 4096)
        && std::fs::read(base).is_ok_and(|b| b.iter().all(u8::is_ascii_whitespace));
    if !blank {
        return Ok(store::load(base)?);
    }
    let mut empty = Project::new("", CreationInfo::now(""));
    empty.labels.clear();
    empty.relation_labels.clear();
    empty.rules.clear();
    Ok(empty)
}

fn cmd_merge_driver(base: &Path, ours: &Path, theirs: &Path) -> Result<ExitCode> {
    let b = load_base(base)?;
    let o = store::load(ours)?;
    let t = store::load(theirs)?;
    let (merged, report) = crate::merge::three_way(&b, &o, &t);
    if let Some(p) = validate(&merged).first() {
        bail!(
            "the merge would be invalid ({p}); {} left as it was",
            ours.display()
        );
    }
    // %A is git's temp file: written atomically, without a NAME.bak beside
    // the repository (git keeps every version).
    let bytes = store::to_bytes(&merged)
        .map_err(|e| anyhow::anyhow!("{}: could not serialize the merge: {e}", ours.display()))?;
    store::atomic::replace_with(ours, false, |f| f.write_all(&bytes))
        .with_context(|| format!("{}: could not write the merge", ours.display()))?;
    eprintln!("marginalia merge-driver: {}", merge_summary(&report));
    Ok(if report.conflicts + report.doc_labels_disputed > 0 {
        eprintln!(
            "marginalia merge-driver: disagreements are flagged (spans, document labels); curate them in Marginalia, then git add"
        );
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `marginalia assign`.
fn cmd_assign(
    file: &Path,
    to: &[String],
    overlap: f64,
    query: Option<&str>,
    seed: u64,
    clear: bool,
) -> Result<ExitCode> {
    if !(0.0..=1.0).contains(&overlap) {
        bail!("--overlap {overlap}: a fraction between 0 and 1");
    }
    let q = match query.map(crate::query::parse).transpose() {
        Ok(q) => q.flatten(),
        Err(e) => {
            eprintln!("marginalia: error: --query: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let stamp = store::DiskStamp::of(file).ok().flatten();
    let mut project = load_valid(file)?;
    let base = project.clone();
    let matching = crate::query::matching_documents(&project, q.as_ref());
    let edit = if clear {
        // With --to, only those analysts leave the matching documents.
        let keep = |a: &String| !to.is_empty() && !to.iter().any(|t| t.trim() == a);
        crate::edit::Edit::Batch(
            matching
                .iter()
                .filter_map(|&i| {
                    let d = &project.documents[i];
                    let left: Vec<String> =
                        d.assignees.iter().filter(|a| keep(a)).cloned().collect();
                    (left != d.assignees).then(|| crate::edit::Edit::SetAssignees {
                        doc: d.id.clone(),
                        assignees: left,
                    })
                })
                .collect(),
        )
    } else {
        let names: Vec<String> = to
            .iter()
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect();
        if names.is_empty() {
            bail!("--to names no analyst (e.g. --to kim,lee,park)");
        }
        let open: Vec<usize> = matching
            .into_iter()
            .filter(|&i| project.documents[i].assignees.is_empty())
            .collect();
        let plan = crate::assign::assign(&open, &names, overlap, seed);
        let load = plan.load(&names);
        eprintln!(
            "{} documents: {}; {} to two analysts",
            open.len(),
            names
                .iter()
                .zip(&load)
                .map(|(n, l)| format!("{n} {l}"))
                .collect::<Vec<_>>()
                .join(", "),
            plan.overlapping()
        );
        plan.edit(&project)
    };
    let n = match &edit {
        crate::edit::Edit::Batch(v) => v.len(),
        _ => 1,
    };
    if n == 0 {
        eprintln!("{}: nothing to change", file.display());
        return Ok(ExitCode::SUCCESS);
    }
    edit.apply(&mut project)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    save_merging(&base, project, file, stamp)?;
    eprintln!(
        "{}: {} {n} documents",
        file.display(),
        if clear { "unassigned" } else { "assigned" }
    );
    Ok(ExitCode::SUCCESS)
}

fn cmd_agreement(files: &[PathBuf], json: bool, overlap_only: bool) -> Result<ExitCode> {
    let mut copies = load_all(files)?;
    if overlap_only {
        // The documents the first copy gives to two analysts, in every copy.
        let keep: std::collections::HashSet<String> = copies[0]
            .documents
            .iter()
            .filter(|d| d.assignees.len() >= 2)
            .map(|d| d.id.clone())
            .collect();
        if keep.is_empty() {
            bail!(
                "{}: no document is assigned to two analysts (marginalia assign --overlap)",
                files[0].display()
            );
        }
        for c in &mut copies {
            c.documents.retain(|d| keep.contains(&d.id));
        }
        eprintln!("{} documents assigned to two analysts", keep.len());
    }
    let names: Vec<String> = files
        .iter()
        .map(|f| {
            f.file_stem().map_or_else(
                || f.display().to_string(),
                |s| s.to_string_lossy().into_owned(),
            )
        })
        .collect();
    let r = crate::agreement::agreement(&copies, &names);
    if json {
        out!("{}", serde_json::to_string(&r)?);
        return Ok(ExitCode::SUCCESS);
    }
    let f = |x: Option<f64>| x.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"));
    out!(
        "{} annotators ({}), {} documents, {} word tokens compared",
        names.len(),
        names.join(", "),
        r.documents,
        r.tokens
    );
    out!(
        "{:<20} {:>16} {:>9} {:>10} {:>7} {:>7}",
        "label",
        "spans",
        "f1_exact",
        "f1_overlap",
        "kappa",
        "alpha"
    );
    let rows = r
        .labels
        .iter()
        .map(|(l, s)| (l.as_str(), s))
        .chain(std::iter::once(("(all labels)", &r.overall)));
    for (label, s) in rows {
        let spans = s
            .spans
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("/");
        out!(
            "{:<20} {:>16} {:>9} {:>10} {:>7} {:>7}",
            label,
            spans,
            f(s.f1_exact),
            f(s.f1_overlap),
            f(s.kappa),
            f(s.alpha)
        );
    }
    if !r.doc_labels.is_empty() {
        out!(
            "{:<20} {:>16} {:>7} {:>7}",
            "document labels",
            "items",
            "kappa",
            "alpha"
        );
        for (set, s) in &r.doc_labels {
            out!(
                "{:<20} {:>16} {:>7} {:>7}",
                set,
                s.items,
                f(s.kappa),
                f(s.alpha)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn cmd_new(
    file: &Path,
    name: Option<String>,
    labels: Option<Vec<String>>,
    force: bool,
) -> Result<ExitCode> {
    if file.exists() && !force {
        bail!("{}: file exists; use --force to replace it", file.display());
    }
    let name = name.unwrap_or_else(|| {
        file.file_stem().map_or_else(
            || "Untitled".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        )
    });
    let mut project = Project::new(name, CreationInfo::now(crate::user::default_annotator()));
    if let Some(labels) = labels {
        let labels: Vec<String> = labels
            .into_iter()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect();
        if labels.is_empty() {
            bail!("--labels needs at least one label name");
        }
        project.labels = labels_from_names(&labels);
    }
    let problems = validate(&project);
    if let Some(p) = problems.first() {
        bail!("{}: {p}; nothing was written", file.display());
    }
    if let Some(aside) = store::atomic::set_aside_orphaned_backup(file)
        .with_context(|| format!("{}: nothing was written", file.display()))?
    {
        eprintln!(
            "{} had no project file beside it (deleted?); the backup was moved to {} so that it is not replaced",
            store::backup_path(file).display(),
            aside.display()
        );
    }
    store::save(&project, file)?;
    eprintln!(
        "created {} ({} labels: {})",
        file.display(),
        project.labels.len(),
        project
            .labels
            .iter()
            .map(|l| l.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

fn cmd_import(file: &Path, paths: &[PathBuf], opts: &ImportOptions) -> Result<ExitCode> {
    let report = import_into(file, paths, opts)?;
    for entry in &report.entries {
        eprintln!("{entry}");
    }
    for note in &report.notes {
        eprintln!("{note}");
    }
    eprintln!(
        "{}: {} imported, {} skipped, {} failed",
        file.display(),
        report.imported(),
        report.skipped(),
        report.failed()
    );
    Ok(if report.failed() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// What `marginalia import FILE PATHS…` does, without printing: reads the
/// project (refusing an invalid one), imports, and saves through
/// [`crate::merge::save_merging`] when anything was imported. Benchmarks call
/// this, the CLI's own path.
pub fn import_into(
    file: &Path,
    paths: &[PathBuf],
    opts: &ImportOptions,
) -> Result<import::ImportReport> {
    let stamp = store::DiskStamp::of(file).ok().flatten();
    let mut project = load_valid(file)?;
    let base = project.clone();
    let report = import::import_paths(&mut project, paths, opts);
    if report.imported() > 0 {
        save_merging(&base, project, file, stamp)?;
    }
    Ok(report)
}

fn load_valid(file: &Path) -> Result<Project> {
    let project = store::load(file)?;
    let problems = validate(&project);
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{}: {p}", file.display());
        }
        bail!(
            "{}: the project has {} problem(s); fix them first (`marginalia validate`)",
            file.display(),
            problems.len()
        );
    }
    Ok(project)
}

fn cmd_export(
    file: &Path,
    format: Format,
    filter: &Filter,
    output: Option<&Path>,
    guard: &export::Guard,
) -> Result<ExitCode> {
    let project = load_valid(file)?;
    let summary = match output {
        Some(out) => match export::export_to_path(&project, format, filter, out, guard) {
            Ok(s) => s,
            // These name the file already.
            Err(
                e @ (export::ExportError::WouldOverwriteProject { .. }
                | export::ExportError::FolderNotEmpty { .. }),
            ) => return Err(e.into()),
            Err(e) => {
                return Err(
                    anyhow::Error::new(e).context(format!("{}: export failed", out.display()))
                );
            }
        },
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            let s = export::export(&project, format, filter, &mut lock)?;
            lock.flush()?;
            s
        }
    };
    eprintln!("{summary}");
    Ok(ExitCode::SUCCESS)
}

fn cmd_extract(page: &Path, json: bool) -> Result<ExitCode> {
    let bytes =
        import::read_limited(page).map_err(|e| anyhow::anyhow!("{}: {e}", import::shown(page)))?;
    let article = match import::html::extract_checked(&bytes) {
        Ok(a) => a,
        Err(reason) => {
            eprintln!("{}: {reason}", import::shown(page));
            return Ok(ExitCode::from(1));
        }
    };
    for w in &article.warnings {
        eprintln!("{}: warning: {w}", import::shown(page));
    }
    if json {
        out!("{}", serde_json::to_string(&article)?);
    } else {
        out!("{}", article.text);
    }
    Ok(ExitCode::SUCCESS)
}

fn cmd_validate(file: &Path) -> Result<ExitCode> {
    let project = store::load(file)?;
    let problems = validate(&project);
    if problems.is_empty() {
        out!(
            "{}: valid ({} documents, {} spans)",
            file.display(),
            project.documents.len(),
            project.span_count()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        for p in &problems {
            out!("{}: {p}", file.display());
        }
        out!("{}: {} problem(s)", file.display(), problems.len());
        Ok(ExitCode::from(1))
    }
}

/// The desk's progress per analyst (`crate::desk::progress`).
type DeskProgress = std::collections::BTreeMap<String, crate::desk::Progress>;

/// `{annotator: seconds}` over every document.
fn time_totals(progress: &DeskProgress) -> serde_json::Value {
    serde_json::Value::Object(
        progress
            .iter()
            .filter(|(_, p)| p.timed > 0)
            .map(|(a, p)| (a.clone(), serde_json::json!(p.seconds)))
            .collect(),
    )
}

/// `{name: {assigned, done, reviewed}}` per assignee.
fn assignee_counts(progress: &DeskProgress) -> serde_json::Value {
    serde_json::Value::Object(
        progress
            .iter()
            .filter(|(_, p)| p.assigned > 0)
            .map(|(a, p)| {
                let v = serde_json::json!({"assigned": p.assigned, "done": p.done, "reviewed": p.reviewed});
                (a.clone(), v)
            })
            .collect(),
    )
}

/// `{set: {choice: documents}}`, every choice of every set (zeros too).
fn doc_label_counts(project: &crate::model::Project) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for set in &project.doc_label_sets {
        let mut m = serde_json::Map::new();
        for c in &set.choices {
            let n = crate::doc_labels::documents_with(project, &set.name, Some(&c.name));
            m.insert(c.name.clone(), serde_json::json!(n));
        }
        out.insert(set.name.clone(), serde_json::Value::Object(m));
    }
    serde_json::Value::Object(out)
}

/// Labels, relation labels and document label sets a query names that the
/// project does not have (a typo finds nothing, silently otherwise).
fn unknown_names(project: &Project, q: Option<&crate::query::Expr>) -> Vec<String> {
    use crate::query::{Expr, Term};
    fn walk<'a>(e: &'a Expr, out: &mut Vec<&'a Term>) {
        match e {
            Expr::And(v) | Expr::Or(v) => v.iter().for_each(|x| walk(x, out)),
            Expr::Not(x) => walk(x, out),
            Expr::Term(t) => out.push(t),
        }
    }
    let mut terms = Vec::new();
    if let Some(q) = q {
        walk(q, &mut terms);
    }
    terms
        .into_iter()
        .filter_map(|t| match t {
            Term::Label(l) if project.label(l).is_none() => {
                Some(format!("the project has no label {l:?}"))
            }
            Term::Rel(r) if project.relation_label(r).is_none() => {
                Some(format!("the project has no relation label {r:?}"))
            }
            Term::DocLabel(s, c) => match project.doc_label_set(s) {
                None => Some(format!("the project has no document label set {s:?}")),
                Some(set) => c
                    .as_ref()
                    .filter(|c| set.choice(c).is_none())
                    .map(|c| format!("set {s:?} has no choice {c:?}")),
            },
            _ => None,
        })
        .collect()
}

/// Parses `text`, or says where it is malformed (then `Err` holds the
/// exit code).
fn parse_query(text: &str) -> std::result::Result<Option<crate::query::Expr>, ExitCode> {
    crate::query::parse(text).map_err(|e| {
        eprintln!("marginalia: error: query {text:?}: {e}");
        let pointer = " ".repeat(e.position + 1);
        eprintln!("  {text:?}\n  {pointer}^");
        ExitCode::from(2)
    })
}

/// `marginalia query`: matching documents or spans, of `query` or the
/// query saved as `saved`; with `save`, the query is first stored in the
/// project under that name (merging with whatever another writer saved
/// meanwhile). The file is read once.
fn cmd_query(
    file: &Path,
    query: Option<String>,
    saved: Option<String>,
    save: Option<String>,
    spans: bool,
    json: bool,
) -> Result<ExitCode> {
    // A malformed query is refused before anything is read or written.
    let parsed = match query.as_deref().map(parse_query).transpose() {
        Ok(q) => q,
        Err(code) => return Ok(code),
    };
    let stamp = store::DiskStamp::of(file).ok().flatten();
    let mut project = if save.is_some() {
        load_valid(file)?
    } else {
        store::load(file)?
    };
    let (text, q) = match (query, parsed, saved) {
        (Some(text), Some(q), _) => (text, q),
        (None, _, Some(name)) => {
            let Some(text) = project.saved_query(&name).map(|q| q.query.clone()) else {
                let names: Vec<&str> = project
                    .saved_queries
                    .iter()
                    .map(|q| q.name.as_str())
                    .collect();
                bail!(
                    "{}: no saved query {name:?} (saved: {})",
                    file.display(),
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                );
            };
            match parse_query(&text) {
                Ok(q) => (text, q),
                Err(code) => return Ok(code),
            }
        }
        _ => bail!("give a query, or --saved NAME"),
    };
    if let Some(name) = save
        && project.saved_query(&name).is_none_or(|s| s.query != text)
    {
        let base = project.clone();
        crate::edit::Edit::SetSavedQuery {
            name: name.clone(),
            query: Some(text.clone()),
        }
        .apply(&mut project)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        save_merging(&base, project.clone(), file, stamp)?;
        eprintln!("{}: saved the query {name:?}", file.display());
    }
    for w in unknown_names(&project, q.as_ref()) {
        eprintln!("marginalia: warning: {w}");
    }
    let mut n = 0;
    if spans {
        for (di, si) in crate::query::matching_spans(&project, q.as_ref()) {
            let d = &project.documents[di];
            let s = &d.spans[si];
            let t = crate::model::text::slice_chars(&d.text, s.start, s.end).unwrap_or("");
            n += 1;
            if json {
                out!(
                    "{}",
                    serde_json::json!({"doc": d.id, "id": s.id, "start": s.start, "end": s.end,
                                       "label": s.label, "text": t, "suggested": s.suggested})
                );
            } else {
                let t: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
                out!(
                    "{}\t{}\t{}..{}\t{}\t{t}",
                    d.id,
                    s.id,
                    s.start,
                    s.end,
                    s.label
                );
            }
        }
    } else {
        for i in crate::query::matching_documents(&project, q.as_ref()) {
            let d = &project.documents[i];
            n += 1;
            if json {
                out!(
                    "{}",
                    serde_json::json!({"id": d.id, "title": d.title, "status": d.status.as_str()})
                );
            } else {
                out!("{}\t{}\t{}", d.id, d.status.as_str(), d.title);
            }
        }
    }
    Ok(if n > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `marginalia entities`: the registry with counts.
fn cmd_entities(file: &Path, json: bool) -> Result<ExitCode> {
    let project = store::load(file)?;
    if json {
        let mut out = Vec::new();
        export::export(&project, Format::Entities, &Filter::default(), &mut out)?;
        print!("{}", String::from_utf8_lossy(&out));
        return Ok(ExitCode::SUCCESS);
    }
    let counts = crate::model::registry::counts(&project);
    if project.entities.is_empty() {
        out!("no registry entries");
    }
    for e in &project.entities {
        let c = counts.get(e.id.as_str()).copied().unwrap_or_default();
        let aka = if e.aliases.is_empty() {
            String::new()
        } else {
            format!(" (also {})", e.aliases.join(", "))
        };
        out!(
            "{}  {} [{}]{aka}: {} mentions, {} attributed",
            e.id,
            e.name,
            e.kind.as_str(),
            c.mentions,
            c.attributed
        );
    }
    for (a, b) in crate::model::registry::duplicates(&project) {
        out!("possible duplicate: {} and {} ({})", a.id, b.id, a.name);
    }
    Ok(ExitCode::SUCCESS)
}

fn cmd_stats(file: &Path, json: bool) -> Result<ExitCode> {
    let project = store::load(file)?;
    let relations: usize = project.documents.iter().map(|d| d.relations.len()).sum();
    let labels = project.label_counts();
    let statuses = project.status_counts();
    let all_spans = || project.documents.iter().flat_map(|d| &d.spans);
    let suggestions = all_spans().filter(|s| s.suggested).count();
    let spans = project.span_count() - suggestions;
    let flagged = all_spans().filter(|s| !s.conflict.is_empty()).count();
    let rules = crate::suggest::rule_counts(&project.documents);
    if json {
        let (open_threads, resolved_threads) = crate::comments::counts(&project.documents);
        let (median_time, timed_documents) = crate::timing::median_per_document(&project);
        let progress = crate::desk::progress(&project);
        let obj = serde_json::json!({
            "name": project.name,
            "documents": project.documents.len(),
            "spans": spans,
            "suggestions": suggestions,
            "flagged": flagged,
            "relations": relations,
            "labels": labels.iter().map(|(n, c)| (n.clone(), serde_json::json!(c))).collect::<serde_json::Map<_, _>>(),
            "status": statuses.iter().map(|(s, c)| (s.as_str().to_owned(), serde_json::json!(c))).collect::<serde_json::Map<_, _>>(),
            "rules": serde_json::to_value(&rules)?,
            "doc_labels": doc_label_counts(&project),
            "assignees": assignee_counts(&progress),
            "time": time_totals(&progress),
            "comments": {"open": open_threads, "resolved": resolved_threads},
            "time_per_document": {"median": median_time, "documents": timed_documents},
            "entities": project.entities.len(),
        });
        out!("{obj}");
    } else {
        out!("project:   {}", project.name);
        out!(
            "documents: {} ({})",
            project.documents.len(),
            statuses
                .iter()
                .map(|(s, c)| format!("{} {c}", s.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        out!("spans:     {spans}");
        if suggestions > 0 {
            out!("suggestions pending: {suggestions}");
        }
        if flagged > 0 {
            out!("spans flagged by a merge: {flagged}");
        }
        out!("relations: {relations}");
        out!("labels:");
        let width = labels
            .iter()
            .map(|(n, _)| n.chars().count())
            .max()
            .unwrap_or(0);
        for (name, count) in &labels {
            out!("  {name:<width$}  {count}");
        }
        if !rules.is_empty() {
            out!("rules (accepted / rejected / pending):");
            let width = rules.keys().map(|n| n.chars().count()).max().unwrap_or(0);
            for (name, c) in &rules {
                out!(
                    "  {name:<width$}  {} / {} / {}",
                    c.accepted,
                    c.rejected,
                    c.pending
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Span};

    #[test]
    fn a_save_over_a_file_changed_meanwhile_merges_instead_of_refusing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("desk.ron");
        let mut p = Project::new("desk", CreationInfo::now("t"));
        p.labels = labels_from_names(&["claim".to_owned()]);
        p.documents
            .push(Document::new("d1", "One", "Seoul warns Moscow."));
        store::save(&p, &file).unwrap();
        // This command reads the file and imports a document...
        let stamp = store::DiskStamp::of(&file).unwrap();
        let base = store::load(&file).unwrap();
        let mut ours = base.clone();
        ours.documents
            .push(Document::new("d2", "Two", "Tokyo protests."));
        // ...while the window saves a new span on the first one.
        let mut theirs = base.clone();
        theirs.documents[0].insert_span(Span::new("s1", 0, 5, "claim"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        store::save(&theirs, &file).unwrap();
        save_merging(&base, ours, &file, stamp).unwrap();
        let saved = store::load(&file).unwrap();
        assert_eq!(saved.documents.len(), 2, "our import is there");
        assert_eq!(saved.documents[0].spans.len(), 1, "their span is kept");
        assert!(validate(&saved).is_empty());
        // Unchanged file: saved as is.
        let stamp = store::DiskStamp::of(&file).unwrap();
        let mut again = saved.clone();
        again.documents[1].note = "checked".into();
        save_merging(&saved, again.clone(), &file, stamp).unwrap();
        assert_eq!(store::load(&file).unwrap(), again);
    }
}
