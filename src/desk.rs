//! A desk's progress per analyst: documents assigned, done and reviewed,
//! and the active time they spent (for `stats --json` and the Desk panel).

use crate::model::{Project, Status};
use std::collections::BTreeMap;

/// One analyst's figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    /// Documents assigned to them.
    pub assigned: usize,
    /// Of those, done.
    pub done: usize,
    /// Of those, done and reviewed.
    pub reviewed: usize,
    /// Active seconds they spent, on any document (assigned or not).
    pub seconds: f64,
    /// Documents they spent time on.
    pub timed: usize,
}

impl Progress {
    /// Seconds per document they spent time on.
    pub fn seconds_per_document(&self) -> Option<f64> {
        (self.timed > 0).then(|| self.seconds / self.timed as f64)
    }
}

/// Progress by analyst name: everyone assigned a document or with time
/// recorded, sorted by name.
pub fn progress(project: &Project) -> BTreeMap<String, Progress> {
    let mut out: BTreeMap<String, Progress> = BTreeMap::new();
    for d in &project.documents {
        let done = d.status == Status::Done;
        for a in &d.assignees {
            let p = out.entry(a.clone()).or_default();
            p.assigned += 1;
            p.done += usize::from(done);
            p.reviewed += usize::from(d.is_reviewed());
        }
        for (who, ms) in &d.active_ms {
            let p = out.entry(who.clone()).or_default();
            p.seconds += *ms as f64 / 1000.0;
            p.timed += usize::from(*ms > 0);
        }
    }
    out
}

/// Documents nobody is assigned.
pub fn unassigned(project: &Project) -> usize {
    project
        .documents
        .iter()
        .filter(|d| d.assignees.is_empty())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CreationInfo, Document, Review};

    #[test]
    fn counts_assigned_done_reviewed_and_time_per_analyst() {
        let mut p = Project::new("p", CreationInfo::now("t"));
        for i in 0..4 {
            let mut d = Document::new(format!("d{i}"), "t", format!("text {i}"));
            d.assignees = vec!["kim".into()];
            if i < 2 {
                d.assignees.push("lee".into());
            }
            if i < 3 {
                d.status = Status::Done;
            }
            if i == 0 {
                d.review = Some(Review {
                    by: "park".into(),
                    at: chrono::Utc::now(),
                });
            }
            d.active_ms.insert("kim".into(), 30_000);
            p.documents.push(d);
        }
        p.documents[3].active_ms.insert("park".into(), 0);
        let mut reviewed_not_done = Document::new("x", "t", "reopened");
        reviewed_not_done.assignees = vec!["lee".into()];
        reviewed_not_done.review = Some(Review {
            by: "park".into(),
            at: chrono::Utc::now(),
        });
        p.documents.push(reviewed_not_done);
        p.documents.push(Document::new("y", "t", "nobody's"));
        let got = progress(&p);
        assert_eq!(got.keys().collect::<Vec<_>>(), ["kim", "lee", "park"]);
        let kim = &got["kim"];
        assert_eq!((kim.assigned, kim.done, kim.reviewed), (4, 3, 1));
        assert_eq!((kim.seconds, kim.timed), (120.0, 4));
        assert_eq!(kim.seconds_per_document(), Some(30.0));
        let lee = &got["lee"];
        assert_eq!((lee.assigned, lee.done, lee.reviewed), (3, 2, 1));
        assert_eq!(lee.seconds_per_document(), None);
        assert_eq!((got["park"].assigned, got["park"].timed), (0, 0));
        assert_eq!(unassigned(&p), 1);
    }
}
