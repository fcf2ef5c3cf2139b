//! Writes `sample_projects/sanctions_watch.ron`: six short news-style
//! articles (written for Marginalia, one in Korean) with spans, relations and
//! notes. Run: `cargo run --example make_sample`.
//!
//! Spans are placed by searching for phrases, so the offsets are right by
//! construction; the output is deterministic (fixed ids and timestamps).

use chrono::{TimeZone as _, Utc};
use marginalia::model::{
    CreationInfo, Document, IdGen, Project, Relation, Span, Status, text::char_offset_of_byte,
};
use marginalia::store;

struct Builder {
    doc: Document,
    ids: IdGen,
    annotator: &'static str,
}

impl Builder {
    fn new(title: &str, text: &str, seed: u64) -> Self {
        let text = text.trim_start().to_owned();
        Self {
            doc: Document::new(
                marginalia::model::ids::document_id_for_text(&text),
                title,
                text,
            ),
            ids: IdGen::seeded(seed),
            annotator: "mina.park",
        }
    }

    fn meta(mut self, byline: &str, site: &str, published: &str, source: &str) -> Self {
        self.doc.byline = byline.into();
        self.doc.site = site.into();
        self.doc.published = published.into();
        self.doc.source = source.into();
        self
    }

    /// Labels the first occurrence of `phrase` (after `after`, if given).
    fn mark(&mut self, phrase: &str, label: &str, note: &str) -> String {
        self.mark_after(phrase, "", label, note)
    }

    fn mark_after(&mut self, phrase: &str, after: &str, label: &str, note: &str) -> String {
        let from = if after.is_empty() {
            0
        } else {
            self.doc.text.find(after).expect("anchor in text")
        };
        let byte = from
            + self.doc.text[from..]
                .find(phrase)
                .unwrap_or_else(|| panic!("{phrase:?} not in text"));
        let start = char_offset_of_byte(&self.doc.text, byte);
        let end = start + phrase.chars().count();
        let mut span = Span::new(self.ids.span_id(), start, end, label);
        span.note = note.into();
        span.annotator = self.annotator.into();
        span.created = Some(
            Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0)
                .single()
                .expect("valid date"),
        );
        let id = span.id.clone();
        self.doc.insert_span(span);
        id
    }

    fn relate(&mut self, head: &str, child: &str, label: &str) {
        let id = self.ids.relation_id();
        self.doc.relations.push(Relation {
            id,
            head: head.into(),
            child: child.into(),
            label: label.into(),
        });
    }

    fn attr(&mut self, span: &str, key: &str, value: &str) {
        if let Some(s) = self.doc.spans.iter_mut().find(|s| s.id == span) {
            s.attributes.insert(key.into(), value.into());
        }
    }
}

const A1: &str = "
Washington “won’t hesitate” to impose sanctions after Russian defense minister’s Pyongyang visit

The United States will not hesitate to impose further sanctions on entities that help North Korea acquire military technology, a State Department spokesman said Thursday, a day after Russia’s defense minister left Pyongyang.

“We won’t hesitate to take action against any individuals or entities that facilitate arms transfers between Russia and the DPRK,” said State Department spokesman Matthew Miller at a regular briefing.

Russian Defense Minister Andrei Belousov held talks with North Korean leader Kim Jong-un during the two-day visit. North Korean state media described the talks as “candid and constructive” but gave no details of any agreement.

Analysts in Seoul say the visit points to deepening military cooperation. “Moscow needs shells and Pyongyang needs technology; both sides are getting what they want,” said Cha Du-hyeon, a senior fellow at the Asan Institute for Policy Studies.

The Treasury Department has designated more than 40 entities in connection with North Korea–Russia arms transfers since 2023.
";

const A2: &str = "
EU weighs tighter sanctions on shadow fleet carrying Russian oil

BRUSSELS — European Union ambassadors discussed on Wednesday a proposal to add dozens of tankers to the bloc’s sanctions list, part of an effort to choke off revenue that Moscow earns from oil sold above the G7 price cap.

The draft package would bar 45 more vessels from EU ports and services, according to two diplomats familiar with the talks. The ships are part of the so-called shadow fleet of ageing tankers with opaque ownership.

“Every tanker we list is a tanker that cannot finance this war,” EU foreign policy chief Kaja Kallas told reporters. She said the bloc would consider applying its own sanctions against third-country ports that service listed vessels.

Hungary has not said whether it will back the package, which needs the support of all 27 member states.
";

const A3: &str = "
Seoul and Tokyo coordinate response after North Korea fires ballistic missile

South Korea and Japan agreed to strengthen cooperation after North Korea launched a ballistic missile into the East Sea on Monday morning, the two countries’ foreign ministries said.

South Korean Foreign Minister Cho Tae-yul spoke by phone with his Japanese counterpart. The two sides condemned the launch as a clear violation of UN Security Council resolutions, according to a statement from Seoul.

“The international community will respond firmly to the North’s provocations,” the statement said.

Japan’s Chief Cabinet Secretary told a news conference that Tokyo had lodged a protest through diplomatic channels in Beijing.
";

const A4: &str = "
정부, 북러 군사협력에 “단호히 대응”…독자 제재 검토

정부는 러시아 국방장관의 평양 방문과 관련해 북러 간 군사협력이 한반도 안보를 위협하고 있다며 단호히 대응하겠다고 밝혔다.

외교부 대변인은 정례 브리핑에서 “북러 군사협력에 관여한 개인과 기관에 대해 독자 제재를 검토하고 있다”고 말했다.

전문가들은 이번 방문이 무기 거래를 넘어 기술 이전으로 이어질 수 있다고 우려했다. 한 연구위원은 “러시아가 북한에 위성과 미사일 기술을 넘길 가능성을 배제할 수 없다”고 지적했다.
";

const A5: &str = "
Treasury targets network supplying drone parts to Russia

The U.S. Treasury Department on Tuesday sanctioned a network of companies in three countries accused of shipping drone components to Russian manufacturers.

The designations cover 12 firms and four individuals, Treasury said in a statement. Officials said the companies used front firms to disguise the final destination of the parts.

“We will continue to use every tool at our disposal to disrupt Russia’s military supply chains,” Deputy Treasury Secretary Wally Adeyemo said in the statement.

The companies named did not respond to requests for comment.
";

const A6: &str = "
UN panel report says ship-to-ship transfers still help North Korea evade sanctions

A confidential report by United Nations sanctions monitors says North Korea continues to import refined petroleum far above the annual cap through ship-to-ship transfers at sea.

The monitors documented transfers involving at least 14 vessels in the first half of the year, according to diplomats who have seen the report.

“The scale of the evasion shows that enforcement at sea remains weak,” one diplomat said, speaking on condition of anonymity.

The report recommends that member states inspect vessels suspected of carrying prohibited cargo.
";

fn main() -> anyhow::Result<()> {
    let mut p = Project::new(
        "Sanctions watch — sample",
        CreationInfo {
            at: Utc
                .with_ymd_and_hms(2026, 11, 20, 9, 0, 0)
                .single()
                .expect("valid date"),
            by: "mina.park".into(),
            tool: concat!("marginalia ", env!("CARGO_PKG_VERSION")).into(),
        },
    );

    let mut a = Builder::new("Washington “won’t hesitate” to impose sanctions after Russian defense minister’s Pyongyang visit", A1, 1)
        .meta("By Lee Ji-hye", "Sample Daily", "2026-11-14", "https://example.org/news/2026/11/14/sanctions");
    let claim = a.mark("The United States will not hesitate to impose further sanctions on entities that help North Korea acquire military technology", "sanction_threat", "Paraphrase of the briefing; threat is conditional.");
    let q1 = a.mark("“We won’t hesitate to take action against any individuals or entities that facilitate arms transfers between Russia and the DPRK,”", "quote", "");
    let miller = a.mark("State Department spokesman Matthew Miller", "speaker", "");
    let st = a.mark_after(
        "State Department spokesman",
        "said State Department spokesman Matthew",
        "entity",
        "Office, nested inside the speaker span.",
    );
    let _ = st;
    a.relate(&q1, &miller, "attributed_to");
    a.relate(&claim, &miller, "attributed_to");
    let q1b = a.mark(
        "We won’t hesitate to take action",
        "sanction_threat",
        "The threat inside the quote.",
    );
    a.attr(&q1b, "target", "facilitators of arms transfers");
    a.mark("Andrei Belousov", "entity", "");
    a.mark("Kim Jong-un", "entity", "");
    let q2 = a.mark("“Moscow needs shells and Pyongyang needs technology; both sides are getting what they want,”", "quote", "");
    let cha = a.mark("Cha Du-hyeon", "speaker", "");
    a.relate(&q2, &cha, "attributed_to");
    a.mark("Asan Institute for Policy Studies", "entity", "");
    a.mark("The Treasury Department has designated more than 40 entities in connection with North Korea–Russia arms transfers since 2023.", "claim", "Check the count against OFAC's list.");
    a.doc.status = Status::InProgress;

    let mut b = Builder::new(
        "EU weighs tighter sanctions on shadow fleet carrying Russian oil",
        A2,
        2,
    )
    .meta(
        "By Anna Weber",
        "Sample Wire",
        "2026-11-12",
        "https://example.org/wire/eu-shadow-fleet",
    );
    b.mark(
        "a proposal to add dozens of tankers to the bloc’s sanctions list",
        "sanction_threat",
        "",
    );
    let q = b.mark(
        "“Every tanker we list is a tanker that cannot finance this war,”",
        "quote",
        "",
    );
    let kallas = b.mark("EU foreign policy chief Kaja Kallas", "speaker", "");
    b.relate(&q, &kallas, "attributed_to");
    let threat = b.mark("the bloc would consider applying its own sanctions against third-country ports that service listed vessels", "sanction_threat", "Reported speech: conditional threat.");
    let ports = b.mark("third-country ports", "entity", "");
    b.relate(&threat, &kallas, "attributed_to");
    b.relate(&threat, &ports, "targets");
    b.mark(
        "The draft package would bar 45 more vessels from EU ports and services",
        "claim",
        "Sourced to two diplomats.",
    );
    b.mark("Hungary", "entity", "");
    b.doc.status = Status::Done;

    let mut c = Builder::new(
        "Seoul and Tokyo coordinate response after North Korea fires ballistic missile",
        A3,
        3,
    )
    .meta("", "Sample Daily", "2026-11-10", "seoul_tokyo.txt");
    c.mark("Cho Tae-yul", "entity", "");
    let q = c.mark(
        "“The international community will respond firmly to the North’s provocations,”",
        "quote",
        "",
    );
    let stmt = c.mark(
        "the statement",
        "speaker",
        "The ministries' joint statement; no named speaker.",
    );
    c.relate(&q, &stmt, "attributed_to");
    c.mark(
        "a clear violation of UN Security Council resolutions",
        "claim",
        "",
    );

    let mut d = Builder::new("정부, 북러 군사협력에 “단호히 대응”…독자 제재 검토", A4, 4).meta(
        "",
        "샘플일보",
        "2026-11-15",
        "https://example.org/kr/2026/11/15",
    );
    let q = d.mark(
        "“북러 군사협력에 관여한 개인과 기관에 대해 독자 제재를 검토하고 있다”",
        "quote",
        "",
    );
    d.mark_after(
        "독자 제재를 검토하고 있다",
        "외교부",
        "sanction_threat",
        "Seoul's own (unilateral) sanctions.",
    );
    let spk = d.mark("외교부 대변인", "speaker", "Foreign Ministry spokesperson");
    d.relate(&q, &spk, "attributed_to");
    let q2 = d.mark(
        "“러시아가 북한에 위성과 미사일 기술을 넘길 가능성을 배제할 수 없다”",
        "quote",
        "",
    );
    let spk2 = d.mark("한 연구위원", "speaker", "Unnamed research fellow.");
    d.relate(&q2, &spk2, "attributed_to");

    let mut e = Builder::new(
        "Treasury targets network supplying drone parts to Russia",
        A5,
        5,
    )
    .meta(
        "By Sam Ortiz",
        "Sample Wire",
        "2026-11-18",
        "treasury_drones.txt",
    );
    e.mark("sanctioned a network of companies in three countries", "sanction_threat", "An imposed sanction, not a threat: label guideline says keep under sanction_threat for now.");
    let q = e.mark("“We will continue to use every tool at our disposal to disrupt Russia’s military supply chains,”", "quote", "");
    let spk = e.mark("Deputy Treasury Secretary Wally Adeyemo", "speaker", "");
    e.relate(&q, &spk, "attributed_to");

    let f = Builder::new(
        "UN panel report says ship-to-ship transfers still help North Korea evade sanctions",
        A6,
        6,
    )
    .meta("", "Sample Wire", "2026-11-19", "un_panel.txt");

    for b in [a, b, c, d, e, f] {
        p.documents.push(b.doc);
    }
    // Whole-article judgements: topic (several) and stance (one).
    p.doc_label_sets = marginalia::model::judgement::sample_doc_label_sets();
    let problems = marginalia::model::validate(&p);
    anyhow::ensure!(problems.is_empty(), "sample is invalid: {problems:?}");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_projects/sanctions_watch.ron");
    store::save(&p, &path)?;
    let _ = std::fs::remove_file(store::backup_path(&path));
    println!(
        "wrote {} ({} documents, {} spans)",
        path.display(),
        p.documents.len(),
        p.span_count()
    );
    Ok(())
}
