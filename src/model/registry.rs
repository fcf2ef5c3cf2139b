//! The entity registry: who is who across the project. Entries have stable
//! ids; spans link to them (`Span::entity`), so "Miller", "the spokesman"
//! and "State Department spokesman Matthew Miller" count as one person.

use super::{Document, Project, Span};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What an entry is.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person.
    #[default]
    Person,
    /// An organization or government body.
    Organization,
    /// A country, city or region.
    Place,
    /// Anything else.
    Other,
}

impl EntityKind {
    /// Every kind, in menu order.
    pub const ALL: [EntityKind; 4] = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Place,
        EntityKind::Other,
    ];

    /// The name used in files and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
            EntityKind::Other => "other",
        }
    }

    /// From its name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One entry of the registry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable, unique in the project (`e-…`); spans link to it.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Its kind.
    #[serde(default)]
    pub kind: EntityKind,
    /// Other names it goes by in the articles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Free-form note.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Ids in outside knowledge bases, typed by the analyst (`wikidata:
    /// "Q…"`); nothing is fetched.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub external_ids: BTreeMap<String, String>,
}

impl Entity {
    /// An entry with a name and kind.
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: EntityKind) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            kind,
            aliases: Vec::new(),
            note: String::new(),
            external_ids: BTreeMap::new(),
        }
    }

    /// The id used in exports as `kb_id`: the first external id (by key),
    /// else the entry's own id.
    pub fn kb_id(&self) -> &str {
        self.external_ids
            .values()
            .next()
            .map_or(self.id.as_str(), String::as_str)
    }

    /// Its name and aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// Whether `text` is its name or one of its aliases (case and inner
    /// white space aside).
    pub fn is_called(&self, text: &str) -> bool {
        let key = fold(text);
        !key.is_empty() && self.names().any(|n| fold(n) == key)
    }
}

/// Lowercase, white space squeezed: the key names are compared by.
pub fn fold(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A free entry id for `name` in `project` (`e-` and the name's fold,
/// then `-2`, `-3` …).
pub fn free_entity_id(project: &Project, name: &str) -> String {
    let slug: String = fold(name)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let base = format!("e-{}", if slug.is_empty() { "entry" } else { &slug });
    let mut id = base.clone();
    let mut n = 2;
    while project.entity(&id).is_some() {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Entries whose name or an alias contains `query` (folded), best first:
/// exact name, then a name or alias starting with it, then containing it.
pub fn search<'a>(project: &'a Project, query: &str) -> Vec<&'a Entity> {
    let q = fold(query);
    let mut hits: Vec<(u8, &Entity)> = project
        .entities
        .iter()
        .filter_map(|e| {
            let rank = e
                .names()
                .map(fold)
                .filter_map(|n| {
                    if n == q {
                        Some(0)
                    } else if n.starts_with(&q) {
                        Some(1)
                    } else if n.contains(&q) {
                        Some(2)
                    } else {
                        None
                    }
                })
                .min()?;
            Some((rank, e))
        })
        .collect();
    hits.sort_by(|a, b| (a.0, &a.1.name).cmp(&(b.0, &b.1.name)));
    hits.into_iter().map(|(_, e)| e).collect()
}

/// A span linked to an entry, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention<'a> {
    /// The document.
    pub doc: &'a Document,
    /// The span.
    pub span: &'a Span,
}

/// Every accepted span linked to `id`, in document order.
pub fn mentions<'a>(project: &'a Project, id: &str) -> Vec<Mention<'a>> {
    project
        .documents
        .iter()
        .flat_map(|d| {
            d.spans
                .iter()
                .filter(move |s| !s.suggested && s.entity.as_deref() == Some(id))
                .map(move |s| Mention { doc: d, span: s })
        })
        .collect()
}

/// Mentions and attributed quotes and claims per entry id.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EntityCounts {
    /// Spans linked to it.
    pub mentions: usize,
    /// Spans attributed (any relation from them) to one of its mentions.
    pub attributed: usize,
}

/// Counts for every entry, in one pass over the project.
pub fn counts(project: &Project) -> BTreeMap<&str, EntityCounts> {
    let mut out: BTreeMap<&str, EntityCounts> = project
        .entities
        .iter()
        .map(|e| (e.id.as_str(), EntityCounts::default()))
        .collect();
    for d in &project.documents {
        for s in d.spans.iter().filter(|s| !s.suggested) {
            if let Some(c) = s.entity.as_deref().and_then(|id| out.get_mut(id)) {
                c.mentions += 1;
            }
        }
        for (_, entity) in attributions(d) {
            if let Some(c) = out.get_mut(entity) {
                c.attributed += 1;
            }
        }
    }
    out
}

/// `(head span, entity id)` for every relation of `doc` from a span to a
/// span linked to an entry (a quote or claim attributed to it).
fn attributions(doc: &Document) -> Vec<(&Span, &str)> {
    let mut out = Vec::new();
    for r in &doc.relations {
        let (Some(head), Some(child)) = (doc.span(&r.head), doc.span(&r.child)) else {
            continue;
        };
        if head.suggested {
            continue;
        }
        if let Some(e) = child.entity.as_deref() {
            out.push((head, e));
        }
    }
    out
}

/// What an entry said: every span attributed (by a relation) to one of its
/// mentions, with its document, in document order.
pub fn said_by<'a>(project: &'a Project, id: &str) -> Vec<Mention<'a>> {
    project
        .documents
        .iter()
        .flat_map(|d| {
            attributions(d)
                .into_iter()
                .filter(move |(_, e)| *e == id)
                .map(move |(s, _)| Mention { doc: d, span: s })
        })
        .collect()
}

/// Pairs of entries with the same canonical name (folded) and kind: made
/// independently (by two analysts, say), to be merged, never silently kept
/// as two.
pub fn duplicates(project: &Project) -> Vec<(&Entity, &Entity)> {
    let mut seen: BTreeMap<(String, EntityKind), &Entity> = BTreeMap::new();
    let mut out = Vec::new();
    for e in &project.entities {
        match seen.get(&(fold(&e.name), e.kind)) {
            Some(first) => out.push((*first, e)),
            None => {
                seen.insert((fold(&e.name), e.kind), e);
            }
        }
    }
    out
}
