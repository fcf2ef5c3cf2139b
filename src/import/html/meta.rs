//! Page metadata: JSON-LD (`NewsArticle` and friends), OpenGraph and
//! `<meta>` tags, `<link rel=canonical>`, `<time datetime>`, and bylines in
//! the page itself.

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use std::collections::HashMap;

/// What the page says about itself.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Meta {
    /// Headline.
    pub title: String,
    /// Authors.
    pub byline: String,
    /// Publication date, ISO 8601 where it could be read.
    pub published: String,
    /// Site or publisher name.
    pub site: String,
    /// Canonical URL.
    pub url: String,
    /// Language (`<html lang>`).
    pub lang: String,
    /// Summary.
    pub description: String,
    /// The article body from JSON-LD, if the page has one.
    #[serde(skip)]
    pub ld_body: String,
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|_| unreachable!("static selector {s}"))
}

const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "SocialMediaPosting",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
    "LiveBlogPosting",
    "WebPage",
    "Story",
];

fn is_article(v: &Value) -> bool {
    match v.get("@type") {
        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
        _ => false,
    }
}

/// Article objects in a JSON-LD value (top level, arrays, `@graph`).
fn ld_articles<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| ld_articles(x, out)),
        Value::Object(o) => {
            if is_article(v) {
                out.push(v);
            }
            if let Some(g) = o.get("@graph") {
                ld_articles(g, out);
            }
        }
        _ => {}
    }
}

fn names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.trim().to_owned()],
        Value::Array(a) => a.iter().flat_map(names).collect(),
        Value::Object(o) => o.get("name").map(names).unwrap_or_default(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.is_empty() && !s.starts_with("http"))
    .collect()
}

fn text_of(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads an ISO 8601 / RFC 3339 date or date-time; other forms are kept as written.
pub fn normalize_date(s: &str) -> String {
    let s = s.trim();
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return d.to_rfc3339();
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(s) {
        return d.to_rfc3339();
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%z",
    ] {
        if let Ok(d) = chrono::DateTime::parse_from_str(s, f) {
            return d.to_rfc3339();
        }
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(d) = chrono::NaiveDateTime::parse_from_str(s, f) {
            return d.format("%Y-%m-%dT%H:%M:%S").to_string();
        }
    }
    for f in [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%B %d, %Y",
        "%d %B %Y",
        "%b %d, %Y",
        "%Y%m%d",
    ] {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(s, f) {
            return d.format("%Y-%m-%d").to_string();
        }
    }
    s.to_owned()
}

/// Cleans a `<title>`: drops the site name around separators.
fn clean_title(raw: &str, site: &str) -> String {
    let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    for sep in [" | ", " – ", " — ", " - ", " :: ", " » ", " / ", " · "] {
        if raw.contains(sep) {
            let parts: Vec<&str> = raw
                .split(sep)
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            let parts: Vec<&str> = parts
                .iter()
                .copied()
                .filter(|p| site.is_empty() || !p.eq_ignore_ascii_case(site))
                .collect();
            let Some(first) = parts.first() else { continue };
            if first.split_whitespace().count() >= 3 || parts.len() == 1 {
                return first.to_string();
            }
            return parts
                .iter()
                .max_by_key(|p| p.len())
                .map_or(raw.clone(), |p| p.to_string());
        }
    }
    raw
}

/// Reads the page's metadata.
pub fn read(html: &Html) -> Meta {
    let mut m = Meta::default();
    let mut tags: HashMap<String, String> = HashMap::new();
    for e in html.select(&sel("meta")) {
        let key = e
            .attr("property")
            .or_else(|| e.attr("name"))
            .or_else(|| e.attr("itemprop"))
            .map(|k| k.trim().to_ascii_lowercase());
        if let (Some(k), Some(v)) = (key, e.attr("content")) {
            let v = v.trim();
            if !v.is_empty() {
                tags.entry(k).or_insert_with(|| v.to_owned());
            }
        }
    }
    let tag = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| tags.get(*k).cloned())
            .unwrap_or_default()
    };

    let mut ld_title = String::new();
    let mut ld_authors = Vec::new();
    let mut ld_date = String::new();
    let mut ld_site = String::new();
    let mut ld_url = String::new();
    for s in html.select(&sel("script[type='application/ld+json']")) {
        let raw: String = s.text().collect();
        let Ok(v) = serde_json::from_str::<Value>(raw.trim()) else {
            continue;
        };
        let mut found = Vec::new();
        ld_articles(&v, &mut found);
        // Prefer a news/blog type over a plain WebPage.
        found.sort_by_key(|a| a.get("@type") == Some(&Value::String("WebPage".into())));
        for a in found {
            let get = |k: &str| {
                a.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .trim()
                    .to_owned()
            };
            if ld_title.is_empty() {
                ld_title = get("headline");
                if ld_title.is_empty() {
                    ld_title = get("name");
                }
            }
            if ld_authors.is_empty() {
                ld_authors = a.get("author").map(names).unwrap_or_default();
            }
            if ld_date.is_empty() {
                ld_date = get("datePublished");
            }
            if ld_site.is_empty() {
                ld_site = a
                    .get("publisher")
                    .map(names)
                    .unwrap_or_default()
                    .into_iter()
                    .next()
                    .unwrap_or_default();
            }
            if ld_url.is_empty() {
                ld_url = get("url");
            }
            if m.ld_body.is_empty() {
                m.ld_body = get("articleBody");
            }
        }
    }

    m.site = [
        tag(&["og:site_name"]),
        ld_site,
        tag(&["application-name", "twitter:site"]),
    ]
    .into_iter()
    .find(|s| !s.is_empty() && !s.starts_with('@'))
    .unwrap_or_default();
    let html_title = html
        .select(&sel("title"))
        .next()
        .map(text_of)
        .unwrap_or_default();
    let candidates = [
        ld_title,
        tag(&[
            "og:title",
            "twitter:title",
            "dc.title",
            "parsely-title",
            "sailthru.title",
        ]),
        clean_title(&html_title, &m.site),
        html.select(&sel("h1"))
            .next()
            .map(text_of)
            .unwrap_or_default(),
    ];
    m.title = candidates
        .into_iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|t| !t.is_empty())
        .unwrap_or_default();

    m.byline = if ld_authors.is_empty() {
        let from_tags = tag(&[
            "author",
            "article:author",
            "parsely-author",
            "dc.creator",
            "byl",
            "sailthru.author",
            "citation_author",
        ]);
        if !from_tags.is_empty() && !from_tags.starts_with("http") {
            from_tags
        } else {
            // A byline in the page, as Readability finds it: rel=author,
            // itemprop=author, or a class/id naming a byline or author.
            html.select(&sel("body *"))
                .filter(|e| {
                    let v = e.value();
                    let ci = format!(
                        "{} {}",
                        v.attr("class").unwrap_or(""),
                        v.attr("id").unwrap_or("")
                    )
                    .to_ascii_lowercase();
                    v.attr("rel") == Some("author")
                        || v.attr("itemprop").is_some_and(|i| i.contains("author"))
                        || ["byline", "author", "dateline", "writtenby", "p-author"]
                            .iter()
                            .any(|k| ci.contains(k))
                })
                .map(text_of)
                .find(|t| {
                    let n = t.chars().count();
                    n > 2 && n < 100 && !t.contains('|') && t.split_whitespace().count() <= 12
                })
                .unwrap_or_default()
        }
    } else {
        let mut seen = Vec::new();
        for a in ld_authors {
            if !seen.contains(&a) {
                seen.push(a);
            }
        }
        seen.join(", ")
    };

    let date = [
        ld_date,
        tag(&[
            "article:published_time",
            "og:article:published_time",
            "datepublished",
            "pubdate",
            "publishdate",
            "publish-date",
            "dc.date.issued",
            "dc.date",
            "date",
            "sailthru.date",
            "parsely-pub-date",
            "article.published",
            "published-date",
            "citation_publication_date",
        ]),
        html.select(&sel("time[datetime]"))
            .next()
            .and_then(|t| t.attr("datetime"))
            .unwrap_or("")
            .to_owned(),
    ]
    .into_iter()
    .find(|d| !d.trim().is_empty())
    .unwrap_or_default();
    m.published = if date.is_empty() {
        date
    } else {
        normalize_date(&date)
    };

    m.url = html
        .select(&sel("link[rel='canonical']"))
        .next()
        .and_then(|l| l.attr("href"))
        .map(str::to_owned)
        .filter(|u| !u.is_empty())
        .or_else(|| Some(tag(&["og:url"])).filter(|u| !u.is_empty()))
        .unwrap_or(ld_url);
    m.lang = html
        .select(&sel("html"))
        .next()
        .and_then(|h| h.attr("lang"))
        .unwrap_or("")
        .to_owned();
    m.description = tag(&["og:description", "description", "twitter:description"]);
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_the_site_name() {
        assert_eq!(
            clean_title("Seoul warns Moscow over arms | Korea JoongAng Daily", ""),
            "Seoul warns Moscow over arms"
        );
        assert_eq!(
            clean_title("News - Seoul warns Moscow over arms", "News"),
            "Seoul warns Moscow over arms"
        );
    }

    #[test]
    fn dates_become_iso_8601() {
        assert_eq!(
            normalize_date("2024-06-20T09:15:00+09:00"),
            "2024-06-20T09:15:00+09:00"
        );
        assert_eq!(normalize_date("2024-06-20"), "2024-06-20");
        assert_eq!(normalize_date("June 20, 2024"), "2024-06-20");
        assert_eq!(
            normalize_date("Thu, 20 Jun 2024 09:15:00 +0900"),
            "2024-06-20T09:15:00+09:00"
        );
        assert_eq!(normalize_date("sometime"), "sometime");
    }
}
