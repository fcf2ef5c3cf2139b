//! Who is annotating: the default annotator name.

/// The OS user name (`USER`, `USERNAME` or `LOGNAME`), or `"analyst"`.
pub fn default_annotator() -> String {
    ["MARGINALIA_ANNOTATOR", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .map(|v| v.trim().to_owned())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "analyst".to_owned())
}
