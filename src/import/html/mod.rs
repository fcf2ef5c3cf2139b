//! Saved web pages: decode, read the metadata, find the article body.
//! Nothing is fetched and no script runs: the page is parsed as data.

mod body;
pub mod decode;
mod depth;
mod meta;

use scraper::Html;
use serde::Serialize;

pub use meta::{Meta, normalize_date};

/// An article extracted from a page: what the page says about itself, and
/// its body. (`extract --json` prints the metadata fields at the top level.)
#[derive(Debug, Clone, Default, Serialize)]
pub struct Article {
    /// Title, byline, date, site, URL, language, summary.
    #[serde(flatten)]
    pub meta: Meta,
    /// The body: paragraphs separated by blank lines, typography kept.
    pub text: String,
    /// Image captions (not part of the body).
    pub captions: Vec<String>,
    /// The encoding the page was read in.
    pub encoding: String,
    /// What the reader should know about how the text was found (the page
    /// was cut at the nesting limit; no article, so its visible text).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Extracts the article from a saved page's bytes.
pub fn extract(bytes: &[u8]) -> Article {
    let (text, enc, _) = decode::decode(bytes);
    let mut a = extract_str(&text);
    a.encoding = enc.name().to_owned();
    a
}

/// Extracts the article from a file's bytes, refusing what is not a page:
/// an empty file, a binary one (the check text files get too: known
/// formats, NUL bytes, control characters or undecodable bytes), or a page
/// without any text. `import` and `extract` both read pages through here.
pub fn extract_checked(bytes: &[u8]) -> Result<Article, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty file".into());
    }
    if let Some(reason) = super::sniff::binary_reason(bytes) {
        return Err(format!("{reason}, not a web page"));
    }
    let (text, enc, _) = decode::decode(bytes);
    if text.trim().is_empty() {
        return Err("empty file".into());
    }
    if let Some(reason) = super::sniff::control_reason(&text) {
        return Err(format!("{reason}, not a web page"));
    }
    // Without any markup the source is all there is to read: refuse an
    // endless word at once rather than after parsing megabytes of it.
    if !text.contains('<')
        && let Some(reason) = super::sniff::endless_word_reason(&text)
    {
        return Err(format!("{reason}, not a web page"));
    }
    let mut a = extract_str(&text);
    a.encoding = enc.name().to_owned();
    // The source may hold long base64 blobs; the article may not.
    if let Some(reason) = super::sniff::endless_word_reason(&a.text) {
        return Err(format!("{reason}, not a web page"));
    }
    if a.text.trim().is_empty() {
        if depth::safe_prefix_len(&text) < text.len() {
            return Err(format!(
                "no text found: the page nests deeper than the limit of {} elements, and the part before that depth (all that was read) holds no text",
                depth::MAX_NESTING
            ));
        }
        return Err("no article text found in the page".into());
    }
    Ok(a)
}

/// Extracts the article from page source already decoded.
pub fn extract_str(source: &str) -> Article {
    let cut = depth::safe_prefix_len(source);
    let mut warnings = Vec::new();
    if cut < source.len() {
        warnings.push(format!(
            "the page nests deeper than the limit of {} elements; only the part before that depth was read",
            depth::MAX_NESTING
        ));
    }
    let source = &source[..cut];
    let html = Html::parse_document(source);
    let m = meta::read(&html);
    // Strict first; relax while the result is too short to be an article.
    let mut best: (String, Vec<String>) = (String::new(), Vec::new());
    for pass in body::PASSES {
        let content = body::find_content(&html, pass);
        let (text, captions) = body::render(&content, &m.title);
        let n = text.chars().count();
        if n > best.0.chars().count() {
            best = (text, captions);
        }
        if n >= 500 {
            break;
        }
    }
    let (mut text, captions) = best;
    // Structured data can rescue pages whose markup defeats the scorer.
    let ld_len = m.ld_body.chars().count();
    if ld_len > 200 && text.chars().count() < ld_len / 2 {
        text = body::tidy_block(&crate::model::text::normalize_newlines(&m.ld_body));
    }
    if text.trim().is_empty() {
        text = body::visible_text(&html);
        if !text.trim().is_empty() {
            warnings.push(format!(
                "no article found in the page; took its visible text instead ({} characters)",
                text.chars().count()
            ));
        }
    }
    Article {
        meta: m,
        text: crate::model::text::normalize_newlines(&text),
        captions,
        encoding: "UTF-8".into(),
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!doctype html><html lang="en"><head>
<meta charset="utf-8"><title>U.S. won’t hesitate to sanction | Sample Daily</title>
<meta property="og:site_name" content="Sample Daily">
<link rel="canonical" href="https://example.org/news/1">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
 "headline":"U.S. ‘won’t hesitate’ to impose sanctions","author":[{"@type":"Person","name":"Lee Ji-hye"}],
 "datePublished":"2024-06-20T09:15:00+09:00","publisher":{"@type":"Organization","name":"Sample Daily"}}</script>
</head><body>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav></header>
<div class="cookie-banner">We use cookies. <a href="#">Accept</a></div>
<ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/n">North Korea</a></li></ol>
<article class="article-body">
<h1>U.S. ‘won’t hesitate’ to impose sanctions</h1>
<div class="byline">By Lee Ji-hye</div>
<div class="share-bar"><a href="#">Facebook</a><a href="#">Twitter</a><button>Print</button></div>
<p>The United States “won’t hesitate” to impose sanctions on entities that help North Korea, a spokesman said on Thursday — a day after Russia’s defense minister left Pyongyang.</p>
<figure><img src="a.jpg"><figcaption>Russian Defense Minister Andrei Belousov in Pyongyang.</figcaption></figure>
<p>“We won’t hesitate to take action,” said State Department spokesman Matthew Miller, adding that cooperation between Moscow and Pyongyang <em>violates</em> UN resolutions.</p>
<ul><li>First point about sanctions, with detail.</li><li>Second point about enforcement.</li></ul>
<p>Analysts in Seoul said the visit points to deepening military cooperation between the two countries.</p>
</article>
<section class="related-articles"><h2>Related</h2><ul><li><a href="/a">Other story one</a></li><li><a href="/b">Other story two</a></li></ul></section>
<div id="comments"><p>Great article! I totally agree with everything, said a commenter at length here.</p></div>
<div class="most-popular"><a href="/x">Most read story</a></div>
<footer>© 2024 Sample Daily. All rights reserved.</footer>
</body></html>"##;

    #[test]
    fn extracts_the_article_without_the_furniture() {
        let a = extract(PAGE.as_bytes());
        assert_eq!(a.meta.title, "U.S. ‘won’t hesitate’ to impose sanctions");
        assert_eq!(a.meta.byline, "Lee Ji-hye");
        assert_eq!(a.meta.published, "2024-06-20T09:15:00+09:00");
        assert_eq!(a.meta.site, "Sample Daily");
        assert_eq!(a.meta.url, "https://example.org/news/1");
        assert_eq!(
            a.captions,
            ["Russian Defense Minister Andrei Belousov in Pyongyang."]
        );
        let paras: Vec<&str> = a.text.split("\n\n").collect();
        assert_eq!(paras.len(), 5, "{}", a.text);
        assert!(
            paras[0].starts_with("The United States “won’t hesitate” to impose"),
            "{}",
            a.text
        );
        assert!(
            paras[1].contains("Moscow and Pyongyang violates UN resolutions."),
            "inline tags join: {}",
            a.text
        );
        assert_eq!(
            paras[2], "First point about sanctions, with detail.",
            "list items are blocks"
        );
        for junk in [
            "cookies",
            "Home",
            "Facebook",
            "Print",
            "Related",
            "Other story",
            "Great article",
            "Most read",
            "©",
            "By Lee",
        ] {
            assert!(!a.text.contains(junk), "{junk:?} leaked into: {}", a.text);
        }
        assert!(
            !a.text.contains("Belousov in Pyongyang."),
            "captions are metadata"
        );
    }

    #[test]
    fn opengraph_and_meta_without_json_ld() {
        let page = r#"<html><head><title>Ignored | Site</title>
<meta property="og:title" content="EU weighs tanker sanctions">
<meta property="og:site_name" content="Sample Wire">
<meta name="author" content="Anna Weber">
<meta property="article:published_time" content="2024-11-12">
<meta property="og:url" content="https://example.org/eu"></head>
<body><div class="content"><p>BRUSSELS — European Union ambassadors discussed a proposal to add dozens of tankers to the bloc’s sanctions list, diplomats said.</p></div></body></html>"#;
        let a = extract(page.as_bytes());
        assert_eq!(
            (
                a.meta.title.as_str(),
                a.meta.byline.as_str(),
                a.meta.published.as_str(),
                a.meta.site.as_str(),
                a.meta.url.as_str()
            ),
            (
                "EU weighs tanker sanctions",
                "Anna Weber",
                "2024-11-12",
                "Sample Wire",
                "https://example.org/eu"
            )
        );
        assert!(a.text.starts_with("BRUSSELS — European Union"));
    }

    #[test]
    fn euc_kr_page_decodes() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=euc-kr\"><title>정부, 독자 제재 검토</title></head><body><article><p>외교부 대변인은 정례 브리핑에서 “북러 군사협력에 관여한 개인과 기관에 대해 독자 제재를 검토하고 있다”고 말했다.</p></article></body></html>";
        let (bytes, _, _) = encoding_rs::EUC_KR.encode(page);
        let a = extract(&bytes);
        assert_eq!(a.encoding, "EUC-KR");
        assert_eq!(a.meta.title, "정부, 독자 제재 검토");
        assert!(
            a.text
                .contains("“북러 군사협력에 관여한 개인과 기관에 대해 독자 제재를 검토하고 있다”"),
            "{}",
            a.text
        );
    }

    const PARAS: &str = "<p>The ministry said on Thursday that it would review every contract signed with the firms, a spokesperson told reporters in Seoul.</p>\
<p>“We will not hesitate to act,” the spokesperson said, adding that the review would take several weeks, and that its results would be published.</p>\
<p>Analysts said the move, the first of its kind, signals a tougher line on companies that trade with sanctioned entities, including shipping firms.</p>";

    #[test]
    fn a_page_wrapped_in_one_form_keeps_its_article() {
        let page = format!(
            r#"<html><head><title>Ministry reviews contracts</title></head><body>
<form method="post" action="./article.aspx?id=5" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRkx">
<div id="header"><nav><a href="/">Home</a> <a href="/news">News</a></nav></div>
<div id="ctl00_ContentPlaceHolder1_pnlArticle"><h1>Ministry reviews contracts</h1>{PARAS}</div>
<div id="footer">© 2024 Ministry of Foreign Affairs</div>
</form></body></html>"#
        );
        let a = extract_checked(page.as_bytes()).unwrap();
        assert!(
            a.text.starts_with("The ministry said on Thursday"),
            "{}",
            a.text
        );
        assert!(a.text.contains("including shipping firms."), "{}", a.text);
        assert!(!a.text.contains("Home"), "{}", a.text);
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);
        // A form with 60% of the text, a long footer besides: the last pass.
        let footer = "Contact us, terms of use, privacy policy, accessibility, careers, advertising, newsletters, archives. ".repeat(3);
        let page = format!(
            "<html><body><form id='aspnetForm'><div>{PARAS}</div></form><footer><p>{footer}</p></footer></body></html>"
        );
        let a = extract_checked(page.as_bytes()).unwrap();
        assert!(
            a.text.starts_with("The ministry said on Thursday"),
            "{}",
            a.text
        );
        assert!(!a.text.contains("privacy"), "{}", a.text);
    }

    #[test]
    fn a_gallery_with_most_of_the_text_stays_out_when_there_is_an_article() {
        let legend = "<li><p>Photo 1/50: Fans gather outside the stadium before the match, as police close roads nearby, and shops shut early.</p></li>".repeat(12);
        let page = format!(
            "<html><body><article><div class='body'>{PARAS}{PARAS}</div><ul class='legends'>{legend}</ul></article></body></html>"
        );
        let a = extract_checked(page.as_bytes()).unwrap();
        assert!(
            a.text.starts_with("The ministry said on Thursday"),
            "{}",
            a.text
        );
        assert!(!a.text.contains("Fans gather"), "{}", a.text);
    }

    #[test]
    fn a_furniture_looking_wrapper_with_most_of_the_text_is_kept() {
        let intro = "<p>Welcome to our site, where you can read news and opinion, browse our archives, and sign up for updates. We publish every day, on every topic, from every region, with a team of editors and writers across the country, and we welcome your letters.</p>".repeat(3);
        // The wrapper holds over 80% of the text, the intro enough for an
        // article (over 500 characters), so the strict pass already keeps it.
        let article = PARAS.repeat(10);
        let page = format!(
            r#"<html><head><title>Ministry reviews contracts</title></head><body>
<div class="intro">{intro}</div>
<div id="header-wrap" class="sidebar-layout"><div>{article}</div></div>
</body></html>"#
        );
        let a = extract_checked(page.as_bytes()).unwrap();
        assert!(
            a.text.contains("The ministry said on Thursday"),
            "{}",
            a.text
        );
    }

    #[test]
    fn no_article_gives_the_visible_text_with_a_warning() {
        let page = "<html><head><title>Links</title><style>p{}</style></head><body><nav><a href='/'>Home</a> <a href='/world'>World news</a></nav><script>var x = 1;</script><div hidden>secret</div></body></html>";
        let a = extract_checked(page.as_bytes()).unwrap();
        assert_eq!(a.text, "Home World news");
        assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
        assert!(
            a.warnings[0].contains("no article found"),
            "{:?}",
            a.warnings
        );
        assert!(extract_checked(b"<html><body><script>x</script></body></html>").is_err());
    }

    #[test]
    fn a_page_cut_at_the_nesting_limit_says_so() {
        let deep = format!(
            "<html><body>{}<article>{PARAS}</article></body></html>",
            "<div>".repeat(depth::MAX_NESTING + 100)
        );
        let err = extract_checked(deep.as_bytes()).unwrap_err();
        assert!(
            err.contains("nests deeper than the limit of 2000 elements"),
            "{err}"
        );
        let before = format!(
            "<html><body><article>{PARAS}</article>{}x</body></html>",
            "<div>".repeat(depth::MAX_NESTING + 100)
        );
        let a = extract_checked(before.as_bytes()).unwrap();
        assert!(a.text.starts_with("The ministry said"), "{}", a.text);
        assert!(
            a.warnings
                .iter()
                .any(|w| w.contains("nests deeper than the limit of 2000 elements")),
            "{:?}",
            a.warnings
        );
    }

    #[test]
    fn long_base64_in_the_source_is_no_reason_to_refuse_a_page() {
        // Saved Guardian and Yahoo pages carry base64 blobs of 11,000
        // letters without a `+` or `/` (an SVG in CSS, a JSON attribute).
        let blob = "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmci".repeat(250);
        let page = format!(
            "<html><head><style>.x{{background:url(\"data:image/svg+xml;base64,{blob}\")}}</style></head>\
             <body><article><h1>Sanctions</h1><p>{}</p></article></body></html>",
            "Washington said it would not hesitate to impose sanctions. ".repeat(20)
        );
        let a = extract_checked(page.as_bytes()).expect("a page with a long blob");
        assert!(a.text.contains("not hesitate"), "{}", a.text);
        // A file that is one endless word is still refused.
        let junk = format!(
            "<p>{}</p>",
            "\u{ff}".repeat(super::super::sniff::MAX_WORD + 5)
        );
        let err = extract_checked(junk.as_bytes()).unwrap_err();
        assert!(err.contains("in a row"), "{err}");
    }

    #[test]
    fn a_lead_photo_caption_beside_the_body_is_metadata() {
        let body = "<p>Washington said it would not hesitate to impose sanctions on those who help Pyongyang. </p>".repeat(8);
        let page = format!(
            "<html><body><article><header><h1>Sanctions</h1>\
             <figure><img src=a.jpg><figcaption>Belousov in Pyongyang.</figcaption></figure></header>\
             <div class=story-body>{body}</div>\
             <aside><figure><figcaption>Related: another story</figcaption></figure></aside>\
             </article></body></html>"
        );
        let a = extract_checked(page.as_bytes()).unwrap();
        assert_eq!(a.captions, ["Belousov in Pyongyang."], "{:?}", a.captions);
        assert!(!a.text.contains("Belousov"));
        // The <article> itself chosen: captions outside it are not its own.
        let page = format!(
            "<html><body><div class=cards><figure><figcaption>More stories</figcaption></figure></div>\
             <article>{body}<figure><figcaption>Inside.</figcaption></figure></article></body></html>"
        );
        let a = extract_checked(page.as_bytes()).unwrap();
        assert!(
            !a.captions.contains(&"More stories".to_owned()),
            "{:?}",
            a.captions
        );
    }

    #[test]
    fn glued_words_are_separated() {
        let a = extract_str(
            "<body><div class='content'><ul><li>alpha</li><li>beta</li></ul><p>gamma<br>delta</p><table><tr><td>x</td><td>y</td></tr></table></div></body>",
        );
        assert!(!a.text.contains("alphabeta"), "{}", a.text);
        assert!(a.text.contains("gamma\ndelta"), "{}", a.text);
        assert!(!a.text.contains("xy"), "{}", a.text);
    }
}
