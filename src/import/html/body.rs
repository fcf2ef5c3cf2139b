//! Finding the article body in a page: drop furniture (navigation, share
//! bars, comments, cookie banners, related-story lists...), score text blocks
//! by length, commas and link density, pick the best container (plus related
//! siblings), and render it as paragraphs separated by blank lines.

use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node};
use std::collections::HashMap;

/// Tags never part of an article's text. (`form` is furniture too, unless
/// it holds most of the page: see `Analysis::holds_most`.)
const JUNK_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "button", "input",
    "select", "textarea", "nav", "aside", "footer", "object", "embed", "video", "audio", "map",
    "dialog", "menu", "head", "link", "meta", "title", "label", "option",
];

/// Tags whose text a reader never sees on the page.
const INVISIBLE_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "input", "select",
    "textarea", "object", "embed", "video", "audio", "map", "head", "link", "meta", "title",
    "option", "datalist",
];

/// Class or id fragments of page furniture.
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ad-break",
    "adbox",
    "advert",
    "agegate",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "consent",
    "cookie",
    "cover-wrap",
    "disqus",
    "dictionary",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "masthead",
    "menu",
    "most-popular",
    "mostpopular",
    "outbrain",
    "pager",
    "pagination",
    "paywall",
    "popup",
    "promo",
    "recommend",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skip",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "taboola",
    "toolbar",
    "trending",
    "widget",
    "navbar",
    "navigation",
    "site-nav",
    "topnav",
    "byline",
];

/// Widgets that are furniture only when small (a share bar, not an article
/// wrapper that happens to carry a share id).
const SMALL_WIDGETS: &[&str] = &[
    "share",
    "sharing",
    "print",
    "login",
    "signup",
    "subscribe",
    "newsletter",
];

/// Fragments that rescue an element from [`UNLIKELY`].
const MAYBE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "shadow", "story", "entry",
];

const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
    "blog", "story", "prose",
];

const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "foot",
    "footnote",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "tool",
    "widget",
    "caption",
    "credit",
];

/// Tags whose presence makes a `div` a container rather than a paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dl",
    "div",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "li",
    "main",
    "nav",
    "img",
    "picture",
    "video",
];

/// Tags that end a block of text when rendering.
const BREAKING: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tr",
    "ul",
    "td",
    "th",
    "caption",
    "details",
    "summary",
    "center",
];

fn class_id(el: &scraper::node::Element) -> String {
    let mut s = String::new();
    if let Some(c) = el.attr("class") {
        s.push_str(c);
    }
    s.push(' ');
    if let Some(i) = el.attr("id") {
        s.push_str(i);
    }
    s.to_ascii_lowercase()
}

fn has_any(s: &str, list: &[&str]) -> bool {
    list.iter().any(|p| s.contains(p))
}

/// Readability's class weight: +25 for content-like names, -25 for furniture.
fn class_weight(el: &scraper::node::Element) -> f32 {
    let mut w = 0.0;
    for part in [el.attr("class"), el.attr("id")].into_iter().flatten() {
        let p = part.to_ascii_lowercase();
        if has_any(&p, NEGATIVE) {
            w -= 25.0;
        }
        if has_any(&p, POSITIVE) {
            w += 25.0;
        }
    }
    w
}

fn is_hidden(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    el.attr("style").is_some_and(|s| {
        let s: String = s
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// How strict one extraction pass is; later passes relax (as Readability does
/// when a strict pass finds too little).
#[derive(Clone, Copy, Debug)]
pub struct Pass {
    /// Drop elements whose class or id looks like furniture.
    pub strip_unlikely: bool,
    /// Drop containers with many links or negative class names inside the content.
    pub clean_conditionally: bool,
    /// A container holding more than this share of the page's visible text
    /// is never dropped as furniture (by its tag, class or role).
    pub keep_share: f32,
}

/// A wrapper of (nearly) the whole page (`<form id="aspnetForm">`): kept in
/// every pass.
const WRAPPER_SHARE: f32 = 0.8;

/// The passes, strictest first. The last one, run only when the others
/// find too little, keeps any container with most of the page's text: a
/// page whose article sits in a big form or a furniture-looking block. (Not
/// earlier: large galleries and comment lists that hold most of the text
/// are furniture when there is an article besides.)
pub const PASSES: [Pass; 4] = [
    Pass {
        strip_unlikely: true,
        clean_conditionally: true,
        keep_share: WRAPPER_SHARE,
    },
    Pass {
        strip_unlikely: false,
        clean_conditionally: true,
        keep_share: WRAPPER_SHARE,
    },
    Pass {
        strip_unlikely: false,
        clean_conditionally: false,
        keep_share: WRAPPER_SHARE,
    },
    Pass {
        strip_unlikely: true,
        clean_conditionally: true,
        keep_share: 0.5,
    },
];

/// Whether an element (and its subtree) is left out of the article. A
/// container that holds most of the page's text is never furniture by its
/// name or class (ASP.NET wraps whole pages in `<form id="aspnetForm">`).
fn is_removed(el: &scraper::node::Element, pass: Pass, holds_most: bool) -> bool {
    let name = el.name();
    if JUNK_TAGS.contains(&name) || is_hidden(el) {
        return true;
    }
    if holds_most {
        return false;
    }
    if name == "form" {
        return true;
    }
    if !pass.strip_unlikely {
        return false;
    }
    if matches!(
        name,
        "body" | "html" | "article" | "main" | "a" | "p" | "td" | "tr" | "tbody" | "table"
    ) {
        return false;
    }
    if let Some(role) = el.attr("role")
        && matches!(
            role,
            "menu"
                | "menubar"
                | "complementary"
                | "navigation"
                | "alert"
                | "alertdialog"
                | "dialog"
                | "banner"
                | "contentinfo"
        )
    {
        return true;
    }
    let ci = class_id(el);
    has_any(&ci, UNLIKELY) && !has_any(&ci, MAYBE)
}

/// Text statistics of a subtree (removed parts excluded).
#[derive(Clone, Copy, Default)]
struct Stats {
    chars: usize,
    link_chars: usize,
    commas: usize,
    paragraphs: usize,
    list_items: usize,
}

impl Stats {
    fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

struct Analysis {
    stats: HashMap<NodeId, Stats>,
    removed: std::collections::HashSet<NodeId>,
    pass: Pass,
    /// Visible text per element (what a reader sees: no scripts, no hidden parts).
    visible: HashMap<NodeId, usize>,
    /// Visible text of the whole page.
    page_chars: usize,
}

impl Analysis {
    fn new(root: NodeRef<'_, Node>, pass: Pass) -> Self {
        let mut visible = HashMap::new();
        let page_chars = visible_sizes(root, &mut visible, 0);
        Analysis {
            stats: HashMap::new(),
            removed: Default::default(),
            pass,
            visible,
            page_chars,
        }
    }

    /// Whether the element holds more than the pass's share of the page's
    /// visible text: then it is never dropped as furniture, whatever it
    /// looks like.
    fn holds_most(&self, id: NodeId) -> bool {
        self.page_chars > 0
            && self.visible.get(&id).copied().unwrap_or(0) as f32
                > self.page_chars as f32 * self.pass.keep_share
    }
}

/// Characters of a text node as the scorer counts them (words plus a space).
fn text_chars(text: &str) -> usize {
    text.split_whitespace()
        .map(|w| w.chars().count() + 1)
        .sum::<usize>()
}

fn is_invisible(el: &scraper::node::Element) -> bool {
    INVISIBLE_TAGS.contains(&el.name()) || is_hidden(el)
}

/// Visible text per element (invisible tags and hidden elements left out).
fn visible_sizes(node: NodeRef<'_, Node>, out: &mut HashMap<NodeId, usize>, depth: usize) -> usize {
    match node.value() {
        Node::Text(t) => text_chars(t),
        Node::Element(el) => {
            if depth > MAX_DEPTH || is_invisible(el) {
                return 0;
            }
            let n = node
                .children()
                .map(|c| visible_sizes(c, out, depth + 1))
                .sum();
            out.insert(node.id(), n);
            n
        }
        Node::Document | Node::Fragment => node
            .children()
            .map(|c| visible_sizes(c, out, depth + 1))
            .sum(),
        _ => 0,
    }
}

/// Deeper nesting than this is not article structure (and must not overflow
/// the stack): such subtrees are left out.
const MAX_DEPTH: usize = 200;

fn analyse(node: NodeRef<'_, Node>, in_link: bool, a: &mut Analysis, depth: usize) -> Stats {
    match node.value() {
        Node::Text(t) => {
            let text: &str = t;
            let chars = text_chars(text);
            let commas = text
                .chars()
                .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
                .count();
            Stats {
                chars,
                link_chars: if in_link { chars } else { 0 },
                commas,
                ..Stats::default()
            }
        }
        Node::Element(el) => {
            let holds_most = a.holds_most(node.id());
            if depth > MAX_DEPTH || is_removed(el, a.pass, holds_most) {
                a.removed.insert(node.id());
                return Stats::default();
            }
            let link = in_link || el.name() == "a";
            let mut s = Stats::default();
            for c in node.children() {
                let cs = analyse(c, link, a, depth + 1);
                s.chars += cs.chars;
                s.link_chars += cs.link_chars;
                s.commas += cs.commas;
                s.paragraphs += cs.paragraphs;
                s.list_items += cs.list_items;
            }
            if a.pass.strip_unlikely
                && !holds_most
                && s.chars < 500
                && !matches!(el.name(), "body" | "html" | "article" | "main" | "p")
                && has_any(&class_id(el), SMALL_WIDGETS)
            {
                if std::env::var_os("MARGINALIA_EXTRACT_DEBUG").is_some() {
                    eprintln!(
                        "small widget <{} {:?}> {} chars",
                        el.name(),
                        class_id(el),
                        s.chars
                    );
                }
                a.removed.insert(node.id());
                return Stats::default();
            }
            match el.name() {
                "p" => s.paragraphs += 1,
                "li" => s.list_items += 1,
                _ => {}
            }
            a.stats.insert(node.id(), s);
            s
        }
        Node::Document | Node::Fragment => {
            let mut s = Stats::default();
            for c in node.children() {
                let cs = analyse(c, in_link, a, depth + 1);
                s.chars += cs.chars;
                s.link_chars += cs.link_chars;
            }
            s
        }
        _ => Stats::default(),
    }
}

fn element(node: NodeRef<'_, Node>) -> Option<&scraper::node::Element> {
    node.value().as_element()
}

fn has_block_child(node: NodeRef<'_, Node>) -> bool {
    node.descendants()
        .skip(1)
        .any(|d| element(d).is_some_and(|e| BLOCKS.contains(&e.name())))
}

fn tag_bonus(name: &str) -> f32 {
    match name {
        "div" | "article" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Lists removed elements that held much text (a debugging aid: set
/// `MARGINALIA_EXTRACT_DEBUG=1`).
fn debug_removed(html: &Html, a: &Analysis) {
    for n in html.tree.nodes() {
        if a.removed.contains(&n.id())
            && let Some(e) = element(n)
        {
            let len: usize = ElementRef::wrap(n).map_or(0, |e| e.text().map(str::len).sum());
            if len > 500 {
                eprintln!(
                    "removed <{} class={:?} id={:?} role={:?}> {len} bytes",
                    e.name(),
                    e.attr("class"),
                    e.attr("id"),
                    e.attr("role")
                );
            }
        }
    }
}

/// The chosen content: the top candidate's parent and which of its children to keep.
pub struct Content<'a> {
    nodes: Vec<NodeRef<'a, Node>>,
    analysis: Analysis,
}

/// Scores the page and picks the article's nodes.
pub fn find_content(html: &Html, pass: Pass) -> Content<'_> {
    let root = html.tree.root();
    let mut analysis = Analysis::new(root, pass);
    analyse(root, false, &mut analysis, 0);
    let body = html
        .tree
        .nodes()
        .find(|n| element(*n).is_some_and(|e| e.name() == "body"))
        .unwrap_or(root);

    let mut scores: HashMap<NodeId, f32> = HashMap::new();
    // Walk the body, never entering removed subtrees.
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if analysis.removed.contains(&node.id()) {
            continue;
        }
        stack.extend(node.children().rev());
        let Some(el) = element(node) else { continue };
        let name = el.name();
        let scorable = matches!(name, "p" | "pre" | "td" | "blockquote")
            || (matches!(name, "div" | "section" | "article") && !has_block_child(node));
        if !scorable {
            continue;
        }
        let Some(st) = analysis.stats.get(&node.id()) else {
            continue;
        };
        if st.chars < 25 {
            continue;
        }
        let score = 1.0 + st.commas as f32 + (st.chars / 100).min(3) as f32;
        for (level, anc) in node.ancestors().take(5).enumerate() {
            let Some(ae) = element(anc) else { break };
            if matches!(ae.name(), "html") {
                break;
            }
            let entry = scores
                .entry(anc.id())
                .or_insert_with(|| tag_bonus(ae.name()) + class_weight(ae));
            *entry += match level {
                0 => score,
                1 => score / 2.0,
                l => score / (l as f32 * 3.0),
            };
        }
    }
    if std::env::var_os("MARGINALIA_EXTRACT_DEBUG").is_some() {
        debug_removed(html, &analysis);
    }
    let final_score =
        |id: NodeId, s: f32| s * (1.0 - analysis.stats.get(&id).map_or(0.0, Stats::link_density));
    let top = scores
        .iter()
        .map(|(id, s)| (*id, final_score(*id, *s)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)));
    let Some((top_id, top_score)) = top else {
        return Content {
            nodes: vec![body],
            analysis,
        };
    };
    let Some(mut top) = html.tree.get(top_id) else {
        return Content {
            nodes: vec![body],
            analysis,
        };
    };
    let mut top_score = top_score;
    let is_body =
        |n: NodeRef<'_, Node>| element(n).is_none_or(|e| matches!(e.name(), "body" | "html"));
    // Readability: when several near-best candidates share an ancestor, the
    // article is that ancestor (a story split into sibling blocks).
    let mut ranked: Vec<(NodeId, f32)> = scores
        .iter()
        .map(|(id, s)| (*id, final_score(*id, *s)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let alternatives: Vec<NodeId> = ranked
        .iter()
        .skip(1)
        .take(5)
        .filter(|(_, s)| *s >= top_score * 0.75)
        .map(|(id, _)| *id)
        .collect();
    if alternatives.len() >= 3 {
        let mut parent = top.parent();
        while let Some(p) = parent.filter(|p| !is_body(*p)) {
            let containing = alternatives
                .iter()
                .filter(|a| {
                    html.tree
                        .get(**a)
                        .is_some_and(|n| n.ancestors().any(|x| x.id() == p.id()))
                })
                .count();
            if containing >= 3 {
                top = p;
                top_score = scores
                    .get(&p.id())
                    .map_or(top_score, |s| final_score(p.id(), *s));
                break;
            }
            parent = p.parent();
        }
    }
    // Readability: move up while the parent scores higher (the candidate was
    // one block of a larger article).
    let mut last = top_score;
    let threshold_up = last / 3.0;
    let mut parent = top.parent();
    while let Some(p) = parent.filter(|p| !is_body(*p)) {
        let Some(ps) = scores.get(&p.id()).map(|s| final_score(p.id(), *s)) else {
            parent = p.parent();
            continue;
        };
        if ps < threshold_up {
            break;
        }
        if ps > last {
            top = p;
            top_score = ps;
            break;
        }
        last = ps;
        parent = p.parent();
    }
    // An only child stands for its parent (so the parent's siblings can join).
    while let Some(p) = top.parent().filter(|p| !is_body(*p)) {
        if p.children().filter(|c| element(*c).is_some()).count() != 1 {
            break;
        }
        top = p;
    }
    let top_id = top.id();
    // Siblings that belong to the article too.
    let mut nodes = Vec::new();
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = element(top).and_then(|e| e.attr("class")).unwrap_or("");
    match top.parent().filter(|p| element(*p).is_some()) {
        Some(parent) => {
            for sib in parent.children() {
                if sib.id() == top_id {
                    nodes.push(sib);
                    continue;
                }
                let Some(se) = element(sib) else { continue };
                if analysis.removed.contains(&sib.id()) {
                    continue;
                }
                let mut s = scores
                    .get(&sib.id())
                    .map_or(0.0, |s| final_score(sib.id(), *s));
                if !top_class.is_empty() && se.attr("class") == Some(top_class) {
                    s += top_score * 0.2;
                }
                let st = analysis.stats.get(&sib.id()).copied().unwrap_or_default();
                let keep = s >= threshold
                    || (se.name() == "p" && {
                        let ld = st.link_density();
                        (st.chars > 80 && ld < 0.25)
                            || (st.chars > 0 && ld == 0.0 && sentence_like(sib))
                    });
                if keep {
                    nodes.push(sib);
                }
            }
        }
        None => nodes.push(top),
    }
    Content { nodes, analysis }
}

fn sentence_like(node: NodeRef<'_, Node>) -> bool {
    let t: String = ElementRef::wrap(node)
        .map(|e| e.text().collect())
        .unwrap_or_default();
    let t = t.trim();
    t.ends_with('.') || t.contains(". ")
}

/// Rendering state: finished blocks and the one being filled.
struct Renderer<'a> {
    blocks: Vec<String>,
    cur: String,
    captions: Vec<String>,
    analysis: &'a Analysis,
    title: &'a str,
    pre: usize,
}

impl Renderer<'_> {
    fn flush(&mut self) {
        let block = self.cur.trim().to_owned();
        self.cur.clear();
        if block.is_empty() {
            return;
        }
        if self.blocks.is_empty() && !self.title.is_empty() && same_words(&block, self.title) {
            return; // the headline is the document's title, not its body
        }
        self.blocks.push(block);
    }

    fn push_text(&mut self, text: &str) {
        if self.pre > 0 {
            self.cur.push_str(text);
            return;
        }
        for (i, part) in text.split([' ', '\t', '\n', '\r', '\u{c}']).enumerate() {
            if i > 0 && !self.cur.is_empty() && !self.cur.ends_with([' ', '\n']) {
                self.cur.push(' ');
            }
            self.cur.push_str(part);
        }
    }

    /// Whether a container inside the content is furniture after all.
    fn drop_conditionally(&self, node: NodeRef<'_, Node>, el: &scraper::node::Element) -> bool {
        if self.analysis.holds_most(node.id()) {
            return false;
        }
        let name = el.name();
        let st = self
            .analysis
            .stats
            .get(&node.id())
            .copied()
            .unwrap_or_default();
        if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
            return class_weight(el) < 0.0 || st.link_density() > 0.33;
        }
        if !matches!(
            name,
            "div" | "section" | "ul" | "ol" | "table" | "header" | "dl"
        ) {
            return false;
        }
        let weight = class_weight(el);
        if weight < 0.0 {
            return true;
        }
        if st.commas >= 10 {
            return false;
        }
        let ld = st.link_density();
        if matches!(name, "ul" | "ol") {
            // Lists of links (related stories, tags) go; lists of points stay.
            return ld > 0.5;
        }
        (weight < 25.0 && ld > 0.2 && st.chars < 1000)
            || (weight >= 25.0 && ld > 0.5)
            || (!matches!(name, "ul" | "ol") && st.list_items > st.paragraphs + 2 && ld > 0.1)
    }

    fn render(&mut self, node: NodeRef<'_, Node>, depth: usize) {
        if depth > MAX_DEPTH + 8 {
            return;
        }
        match node.value() {
            Node::Text(t) => self.push_text(t),
            Node::Element(el) => {
                if self.analysis.removed.contains(&node.id()) {
                    return;
                }
                let name = el.name();
                if name == "figcaption" {
                    let cap: String = ElementRef::wrap(node)
                        .map(|e| e.text().collect())
                        .unwrap_or_default();
                    let cap = cap.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !cap.is_empty() {
                        self.captions.push(cap);
                    }
                    return;
                }
                if self.analysis.pass.clean_conditionally && self.drop_conditionally(node, el) {
                    return;
                }
                if name == "br" {
                    self.cur.push('\n');
                    return;
                }
                let breaking = BREAKING.contains(&name);
                if breaking {
                    self.flush();
                }
                if name == "pre" {
                    self.pre += 1;
                }
                for c in node.children() {
                    self.render(c, depth + 1);
                }
                if name == "pre" {
                    self.pre -= 1;
                }
                if breaking {
                    self.flush();
                } else if matches!(name, "td" | "th") {
                    self.cur.push(' ');
                }
            }
            _ => {}
        }
    }
}

fn same_words(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && (a == b || (a.len() >= 4 && b.starts_with(&a)))
}

/// Lines inside a block (from `<br>` or `<pre>`) keep their breaks,
/// trimmed at the end; at most one blank line in a row, none at the ends.
pub(super) fn tidy_block(block: &str) -> String {
    let mut out = String::with_capacity(block.len());
    let mut blank = false;
    for line in block.lines().map(str::trim_end) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(line);
    }
    out
}

/// The article text (paragraphs separated by blank lines) and figure captions.
pub fn render(content: &Content<'_>, title: &str) -> (String, Vec<String>) {
    let mut r = Renderer {
        blocks: Vec::new(),
        cur: String::new(),
        captions: Vec::new(),
        analysis: &content.analysis,
        title,
        pre: 0,
    };
    for n in &content.nodes {
        r.render(*n, n.ancestors().count());
        r.flush();
    }
    let captions = nearby_captions(content, r.captions.clone());
    let text = r
        .blocks
        .iter()
        .map(|b| tidy_block(b))
        .filter(|b| !b.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    (text, captions)
}

/// The captions of the article's figures: those inside its nodes, and those
/// of figures beside them in the same `<article>` or `<main>` (a lead photo
/// above the body is usually outside the nodes chosen), or in the body's
/// parent element when there is neither. Figures in `nav`, `aside` or
/// `footer` (related stories) are not the article's.
fn nearby_captions(content: &Content<'_>, inside: Vec<String>) -> Vec<String> {
    let Some(first) = content.nodes.first() else {
        return inside;
    };
    let named = |n: &NodeRef<'_, Node>, names: &[&str]| {
        element(*n).is_some_and(|e| names.contains(&e.name()))
    };
    let scope = std::iter::once(*first)
        .chain(first.ancestors().take(6))
        .find(|a| named(a, &["article", "main"]))
        .or_else(|| first.parent());
    let Some(scope) = scope else { return inside };
    let mut out: Vec<String> = Vec::new();
    for n in scope.descendants() {
        if !named(&n, &["figcaption"]) {
            continue;
        }
        let furniture = n
            .ancestors()
            .take_while(|a| a.id() != scope.id())
            .any(|a| named(&a, &["nav", "aside", "footer"]));
        if furniture {
            continue;
        }
        let cap: String = ElementRef::wrap(n)
            .map(|e| e.text().collect::<String>())
            .unwrap_or_default();
        let cap = cap.split_whitespace().collect::<Vec<_>>().join(" ");
        if !cap.is_empty() && !out.contains(&cap) {
            out.push(cap);
        }
    }
    for c in inside {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The text a reader sees on the whole page, in blocks: only scripts,
/// styles, hidden elements and the like left out (the fallback when no
/// article is found at all).
pub fn visible_text(html: &Html) -> String {
    let root = html.tree.root();
    let mut analysis = Analysis::new(root, PASSES[2]);
    for n in root.descendants() {
        if element(n).is_some_and(is_invisible) {
            analysis.removed.insert(n.id());
        }
    }
    let body = html
        .tree
        .nodes()
        .find(|n| element(*n).is_some_and(|e| e.name() == "body"))
        .unwrap_or(root);
    let content = Content {
        nodes: vec![body],
        analysis,
    };
    render(&content, "").0
}
