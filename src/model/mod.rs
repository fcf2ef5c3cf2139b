//! The domain model: projects, labels, documents, spans, relations, and
//! their invariants. No file system, no UI.

pub mod bidi;
pub mod dates;
mod diff;
mod doc_index;
mod document;
pub mod generate;
pub mod ids;
pub mod interval;
pub mod judgement;
mod label;
mod project;
pub mod registry;
mod rule;
pub mod search;
pub mod segment;
pub mod text;
mod validate;

pub use diff::{DiffSummary, diff};
pub use doc_index::DocIndex;
pub use document::{Comment, Document, Rejected, Relation, Review, Span, Status, Thread};
pub use ids::IdGen;
pub use judgement::DocLabelSet;
pub use label::{
    Color, ColorParseError, Label, PALETTE, check_name, default_labels, default_relation_labels,
    labels_from_names, palette_color,
};
pub use project::{CreationInfo, FORMAT_VERSION, Project, SavedQuery};
pub use registry::{Entity, EntityKind};
pub use rule::{Rule, starter_rules};
pub use validate::{Problem, validate};
