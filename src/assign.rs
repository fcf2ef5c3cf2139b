//! Splitting the work: documents spread evenly over analysts, a share of
//! them given to two for agreement, reproducibly from a seed.

use crate::edit::Edit;
use crate::model::Project;

/// What [`assign`] decided: per document index, its analysts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// `(document index, analysts)`, in document order.
    pub documents: Vec<(usize, Vec<String>)>,
}

impl Plan {
    /// Documents per analyst, in the order the analysts were given.
    pub fn load(&self, analysts: &[String]) -> Vec<usize> {
        analysts
            .iter()
            .map(|a| self.documents.iter().filter(|(_, v)| v.contains(a)).count())
            .collect()
    }

    /// Documents given to two analysts.
    pub fn overlapping(&self) -> usize {
        self.documents.iter().filter(|(_, v)| v.len() > 1).count()
    }

    /// The edit that records it (one undoable step).
    pub fn edit(&self, project: &Project) -> Edit {
        Edit::Batch(
            self.documents
                .iter()
                .filter_map(|(i, v)| {
                    Some(Edit::SetAssignees {
                        doc: project.documents.get(*i)?.id.clone(),
                        assignees: v.clone(),
                    })
                })
                .collect(),
        )
    }
}

/// Spreads `documents` (indices, each unassigned) over `analysts`:
/// `round(overlap × n)` of them, chosen by `seed`, go to two analysts, the
/// rest to one, every analyst getting the same number of documents give or
/// take one. The same inputs give the same plan.
pub fn assign(documents: &[usize], analysts: &[String], overlap: f64, seed: u64) -> Plan {
    let k = analysts.len();
    if k == 0 || documents.is_empty() {
        return Plan {
            documents: Vec::new(),
        };
    }
    let overlap = if k < 2 { 0.0 } else { overlap.clamp(0.0, 1.0) };
    let n = documents.len();
    let doubles = ((overlap * n as f64).round() as usize).min(n);
    let mut order: Vec<usize> = documents.to_vec();
    let mut rng = fastrand::Rng::with_seed(seed);
    rng.shuffle(&mut order);
    let mut load = vec![0usize; k];
    // Ties go round in a seeded order, so no analyst is always first.
    let mut turn: Vec<usize> = (0..k).collect();
    rng.shuffle(&mut turn);
    let pick = |load: &mut Vec<usize>, not: Option<usize>, step: usize| -> usize {
        let best = (0..k)
            .map(|j| turn[(j + step) % k])
            .filter(|&a| Some(a) != not)
            .min_by_key(|&a| load[a])
            .unwrap_or(0);
        load[best] += 1;
        best
    };
    let mut out: Vec<(usize, Vec<String>)> = Vec::with_capacity(n);
    for (step, &d) in order.iter().enumerate() {
        let first = pick(&mut load, None, step);
        let mut who = vec![first];
        if step < doubles {
            who.push(pick(&mut load, Some(first), step + 1));
        }
        who.sort_unstable();
        out.push((d, who.into_iter().map(|a| analysts[a].clone()).collect()));
    }
    out.sort_by_key(|(d, _)| *d);
    Plan { documents: out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hundred_documents_over_three_analysts_with_fifteen_percent_overlap() {
        let docs: Vec<usize> = (0..100).collect();
        let names: Vec<String> = ["kim", "lee", "park"].map(String::from).to_vec();
        let plan = assign(&docs, &names, 0.15, 1);
        assert_eq!(plan.overlapping(), 15);
        let load = plan.load(&names);
        assert_eq!(load.iter().sum::<usize>(), 115);
        assert!(load.iter().all(|&l| l == 38 || l == 39), "{load:?}");
        assert_eq!(plan, assign(&docs, &names, 0.15, 1), "the same every run");
        assert_ne!(plan, assign(&docs, &names, 0.15, 2), "the seed matters");
        assert!(
            plan.documents
                .iter()
                .all(|(_, v)| v.len() < 2 || v[0] != v[1])
        );
        // Edge cases: one analyst takes everything once; none gives nothing.
        let one = assign(&docs, &names[..1], 0.5, 1);
        assert_eq!((one.overlapping(), one.load(&names[..1])), (0, vec![100]));
        assert!(assign(&docs, &[], 0.1, 1).documents.is_empty());
    }
}
