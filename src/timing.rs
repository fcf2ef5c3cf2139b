//! Active annotation time: how long each analyst works on each document.
//! Time counts while a document is shown in the focused window, in
//! stretches between inputs; a stretch without input longer than
//! [`IDLE_LIMIT`] (the analyst walked away) does not count at all. Time is
//! bookkeeping, not an edit: it is recorded into the project as it accrues
//! and is never undone.

/// Seconds without input after which a stretch does not count.
pub const IDLE_LIMIT: f64 = 60.0;

/// The stretch being timed: which document, since when.
#[derive(Debug, Default)]
pub struct ActiveTime {
    current: Option<(String, f64)>,
}

impl ActiveTime {
    /// One frame at `now` (seconds): `shown` is the document on screen in a
    /// focused window (`None` otherwise), `input` whether the analyst did
    /// anything this frame. Returns the document and seconds to credit
    /// when a stretch closes.
    pub fn frame(&mut self, now: f64, shown: Option<&str>, input: bool) -> Option<(String, f64)> {
        let counts = |start: f64| {
            let s = now - start;
            (s > 0.0 && s <= IDLE_LIMIT).then_some(s)
        };
        match (&mut self.current, shown) {
            (Some((doc, start)), Some(s)) if doc == s => {
                if !input {
                    return None;
                }
                let credit = counts(*start).map(|secs| (doc.clone(), secs));
                *start = now;
                credit
            }
            _ => {
                let credit = self
                    .current
                    .take()
                    .and_then(|(doc, start)| Some((doc, counts(start)?)));
                self.current = shown.map(|d| (d.to_owned(), now));
                credit
            }
        }
    }
}

impl ActiveTime {
    /// Whether a stretch is being timed.
    pub fn timing(&self) -> bool {
        self.current.is_some()
    }
}

/// Adds `secs` for `who` to document `doc` of `project`.
pub fn credit(project: &mut crate::model::Project, doc: &str, who: &str, secs: f64) {
    if let Some(d) = project.documents.iter_mut().find(|d| d.id == doc) {
        *d.active_ms.entry(who.to_owned()).or_default() += (secs * 1000.0).round() as u64;
    }
}

/// The median of the documents' total times (seconds), over the documents
/// anyone spent time on, and how many those are.
pub fn median_per_document(project: &crate::model::Project) -> (Option<f64>, usize) {
    let mut v: Vec<f64> = project
        .documents
        .iter()
        .map(|d| d.active_ms.values().sum::<u64>() as f64 / 1000.0)
        .filter(|t| *t > 0.0)
        .collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let m = match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    };
    (m, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_stretch_without_input_does_not_count() {
        let mut t = ActiveTime::default();
        let mut total = 0.0;
        let mut run = |now: f64, shown: Option<&str>, input: bool| {
            if let Some((d, s)) = t.frame(now, shown, input) {
                assert_eq!(d, "d1");
                total += s;
            }
        };
        // Shown at 0, input at 10 and 20, then nothing until 90 (70 s idle),
        // then another document.
        run(0.0, Some("d1"), false);
        run(10.0, Some("d1"), true);
        run(20.0, Some("d1"), true);
        run(50.0, Some("d1"), false);
        run(90.0, Some("d2"), false);
        assert_eq!(total, 20.0);
        // An unfocused window closes the stretch (counted if short).
        let mut t = ActiveTime::default();
        assert_eq!(t.frame(0.0, Some("d"), false), None);
        assert_eq!(t.frame(30.0, None, false), Some(("d".into(), 30.0)));
        assert_eq!(t.frame(500.0, None, true), None);
    }
}
