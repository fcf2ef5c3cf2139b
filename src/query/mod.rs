//! The query language: one syntax for the document list, find and
//! `marginalia query`. Terms combine with spaces (and), `OR`, `-` (not) and
//! parentheses: `label:quote -rel:attributed_to`, `status:done OR
//! doc:stance=hostile`, `published:2024-01..2024-06`, `spans>20`.
//!
//! Span terms (`label`, `rel`, `annotator`, `rule`, `entity`, `suggested`,
//! `conflict`) are about one span, document terms about its document. For
//! documents, a span term holds when one of the document's spans has it
//! (`-label:quote`: no quote), and in a conjunction the span terms with a
//! positive one among them must hold for one and the same span
//! (`label:quote -rel:attributed_to`: a quote without a speaker). `--spans`
//! lists the spans the whole query holds for. The grammar is `grammar.pest` (the `pest` crate).

mod eval;
mod parse;

pub use eval::{matching_documents, matching_spans, matching_spans_in};
pub use parse::{QueryError, parse};

use crate::model::Status;

/// A parsed query.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// All of them.
    And(Vec<Expr>),
    /// Any of them.
    Or(Vec<Expr>),
    /// Not it.
    Not(Box<Expr>),
    /// One term.
    Term(Term),
}

/// Which threads `comment:` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentState {
    /// Not resolved.
    Open,
    /// Resolved.
    Resolved,
    /// Any.
    Any,
}

/// How a number is compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `=` or `:`
    Eq,
}

impl Cmp {
    fn holds(self, a: usize, b: usize) -> bool {
        match self {
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Eq => a == b,
        }
    }
}

/// One term.
#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    /// `label:NAME`: the span has this label.
    Label(String),
    /// `rel:NAME`: the span is the head or the child of such a relation.
    Rel(String),
    /// `annotator:NAME`: the span was made by NAME (alone or with others).
    Annotator(String),
    /// `rule:NAME`: the span was proposed by this rule.
    Rule(String),
    /// `entity:NAME`: the span names the registry entry with this id, name
    /// or alias.
    Entity(String),
    /// `suggested`: a pending suggestion.
    Suggested,
    /// `conflict`: flagged by a merge as a disagreement.
    Conflict,
    /// `comment:open|resolved|any`: a discussion thread in that state.
    Comment(CommentState),
    /// `status:reviewed`: signed off after review.
    Reviewed,
    /// `assignee:NAME`: the document is assigned to NAME.
    Assignee(String),
    /// `status:todo|in_progress|done`.
    Status(Status),
    /// `doc:SET=CHOICE` (or `doc:SET` for any choice of the set).
    DocLabel(String, Option<String>),
    /// `text:"words"`: the words in this order in the text (any case).
    Text(String),
    /// `title:words`.
    Title(String),
    /// `site:name`.
    Site(String),
    /// `published:FROM..TO` (inclusive, by prefix: `2024-01..2024-06`), or
    /// one date or prefix.
    Published(String, String),
    /// `spans>N` (accepted spans of the document).
    Spans(Cmp, usize),
}

impl Term {
    /// Whether it is about a span (else about the document).
    pub fn is_span_term(&self) -> bool {
        matches!(
            self,
            Term::Label(_)
                | Term::Rel(_)
                | Term::Annotator(_)
                | Term::Rule(_)
                | Term::Entity(_)
                | Term::Suggested
                | Term::Conflict
        )
    }
}

#[cfg(test)]
mod tests;
