//! Text to [`Expr`]: the `pest` grammar, then each term checked (known key,
//! a value it can take). Errors name the position (in characters) where the
//! query goes wrong.

use super::{Cmp, Expr, Term};
use crate::model::Status;
use pest::Parser as _;
use pest::iterators::Pair;

#[derive(pest_derive::Parser)]
#[grammar = "query/grammar.pest"]
struct Grammar;

/// A malformed query: what is wrong and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("at character {}: {message}", position + 1)]
pub struct QueryError {
    /// Character offset (from 0) of the problem; messages count from 1.
    pub position: usize,
    /// What is wrong.
    pub message: String,
}

/// The keys a term may have, for messages.
const KEYS: &str = "label, rel, annotator, assignee, comment, rule, entity, status, doc, text, title, site, published, spans; flags: suggested, conflict";

/// Parentheses nest at most this deep (the parser recurses per level; a
/// hostile query of thousands would exhaust the stack).
const MAX_DEPTH: usize = 64;

/// Parses `text`. An empty query is `None` (everything matches).
pub fn parse(text: &str) -> Result<Option<Expr>, QueryError> {
    let (mut depth, mut quoted) = (0usize, false);
    for (i, c) in text.chars().enumerate() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(QueryError {
                        position: i,
                        message: format!("parentheses nest deeper than {MAX_DEPTH}"),
                    });
                }
            }
            ')' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let chars = |byte: usize| text[..byte.min(text.len())].chars().count();
    let mut pairs = Grammar::parse(Rule::query, text).map_err(|e| {
        let byte = match e.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((s, _)) => s,
        };
        let found = text[byte.min(text.len())..].chars().next();
        QueryError {
            position: chars(byte),
            message: match found {
                None if text.matches('"').count() % 2 == 1 => {
                    "a quotation mark is not closed".to_owned()
                }
                None => "the query ends too soon (a term or a closing parenthesis is missing)"
                    .to_owned(),
                Some(c) => format!("unexpected {c:?}"),
            },
        }
    })?;
    let Some(query) = pairs.next() else {
        return Ok(None);
    };
    let Some(or) = query.into_inner().find(|p| p.as_rule() == Rule::or_expr) else {
        return Ok(None);
    };
    or_expr(or, &chars).map(Some)
}

type Chars<'a> = dyn Fn(usize) -> usize + 'a;

fn or_expr(p: Pair<'_, Rule>, chars: &Chars<'_>) -> Result<Expr, QueryError> {
    let mut v = Vec::new();
    for a in p.into_inner().filter(|a| a.as_rule() == Rule::and_expr) {
        v.push(and_expr(a, chars)?);
    }
    Ok(if v.len() == 1 {
        v.remove(0)
    } else {
        Expr::Or(v)
    })
}

fn and_expr(p: Pair<'_, Rule>, chars: &Chars<'_>) -> Result<Expr, QueryError> {
    let mut v = Vec::new();
    for u in p.into_inner() {
        v.push(unary(u, chars)?);
    }
    Ok(if v.len() == 1 {
        v.remove(0)
    } else {
        Expr::And(v)
    })
}

fn unary(p: Pair<'_, Rule>, chars: &Chars<'_>) -> Result<Expr, QueryError> {
    let mut negations = 0;
    let mut out = None;
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::neg => negations += 1,
            Rule::group => {
                let inner = x.into_inner().next().ok_or_else(|| QueryError {
                    position: 0,
                    message: "empty parentheses".into(),
                })?;
                out = Some(or_expr(inner, chars)?);
            }
            _ => out = Some(Expr::Term(term(x, chars)?)),
        }
    }
    let mut e = out.ok_or_else(|| QueryError {
        position: 0,
        message: "a term is missing".into(),
    })?;
    // `--x` is `x`: only the parity counts (and a run of thousands of `-`
    // nests nothing).
    if negations % 2 == 1 {
        e = Expr::Not(Box::new(e));
    }
    Ok(e)
}

fn term(p: Pair<'_, Rule>, chars: &Chars<'_>) -> Result<Term, QueryError> {
    let at = chars(p.as_span().start());
    let err = |position: usize, message: String| QueryError { position, message };
    let mut key = String::new();
    let mut op = ":";
    let mut value = String::new();
    let mut value_at = at;
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::flag => {
                return match x.as_str() {
                    "suggested" => Ok(Term::Suggested),
                    "conflict" => Ok(Term::Conflict),
                    other => Err(err(
                        at,
                        format!(
                            "unknown term {other:?} (a term is KEY:VALUE, e.g. text:{other}; keys: {KEYS})"
                        ),
                    )),
                };
            }
            Rule::key => key = x.as_str().to_owned(),
            Rule::op => op = x.as_str(),
            Rule::value => {
                value_at = chars(x.as_span().start());
                let inner = x.into_inner().next();
                value = match inner {
                    Some(q) if q.as_rule() == Rule::quoted => q
                        .into_inner()
                        .next()
                        .map(|i| i.as_str().to_owned())
                        .unwrap_or_default(),
                    Some(b) => b.as_str().to_owned(),
                    None => String::new(),
                };
            }
            _ => {}
        }
    }
    if value.trim().is_empty() {
        return Err(err(value_at, format!("{key}{op} needs a value")));
    }
    let colon = |t: Term| -> Result<Term, QueryError> {
        if op == ":" {
            Ok(t)
        } else {
            Err(err(at, format!("{key} takes {key}:VALUE, not {op}")))
        }
    };
    match key.as_str() {
        "label" => colon(Term::Label(value)),
        "rel" => colon(Term::Rel(value)),
        "annotator" => colon(Term::Annotator(value)),
        "assignee" => colon(Term::Assignee(value)),
        "comment" => {
            let s = match value.as_str() {
                "open" => super::CommentState::Open,
                "resolved" => super::CommentState::Resolved,
                "any" => super::CommentState::Any,
                _ => {
                    return Err(err(
                        value_at,
                        format!("comment:{value}: one of open, resolved, any"),
                    ));
                }
            };
            colon(Term::Comment(s))
        }
        "rule" => colon(Term::Rule(value)),
        "entity" => colon(Term::Entity(value)),
        "text" => colon(Term::Text(value)),
        "title" => colon(Term::Title(value)),
        "site" => colon(Term::Site(value)),
        "status" if value == "reviewed" => colon(Term::Reviewed),
        "status" => {
            let s = Status::ALL
                .into_iter()
                .find(|s| s.as_str() == value)
                .ok_or_else(|| {
                    err(
                        value_at,
                        format!("status {value:?} is not one of todo, in_progress, done, reviewed"),
                    )
                })?;
            colon(Term::Status(s))
        }
        "doc" => {
            let t = match value.split_once('=') {
                Some((s, c)) if !s.is_empty() && !c.is_empty() => {
                    Term::DocLabel(s.to_owned(), Some(c.to_owned()))
                }
                Some(_) => return Err(err(value_at, "doc: takes SET=CHOICE or SET".into())),
                None => Term::DocLabel(value, None),
            };
            colon(t)
        }
        "published" => {
            let (from, to) = match value.split_once("..") {
                Some((a, b)) => (a.to_owned(), b.to_owned()),
                None => (value.clone(), value.clone()),
            };
            let date_like =
                |s: &str| s.is_empty() || s.chars().all(|c| c.is_ascii_digit() || c == '-');
            if !date_like(&from) || !date_like(&to) {
                return Err(err(
                    value_at,
                    format!(
                        "published:{value}: dates are YYYY, YYYY-MM or YYYY-MM-DD, a range FROM..TO"
                    ),
                ));
            }
            colon(Term::Published(from, to))
        }
        "spans" => {
            let cmp = match op {
                ">" => Cmp::Gt,
                ">=" => Cmp::Ge,
                "<" => Cmp::Lt,
                "<=" => Cmp::Le,
                _ => Cmp::Eq,
            };
            let n = value.parse().map_err(|_| {
                err(
                    value_at,
                    format!("spans{op} needs a whole number, not {value:?}"),
                )
            })?;
            Ok(Term::Spans(cmp, n))
        }
        other => Err(err(at, format!("unknown key {other:?} (keys: {KEYS})"))),
    }
}
