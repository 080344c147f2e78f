//! Table-driven tests: sentences in news style → the mentions found, with byte spans.

use super::*;
use crate::article::Article;

fn parse(body: &str) -> (Article, Geoparse) {
    let a = Article {
        id: "t".into(),
        text: body.to_string(),
        source: None,
        published: None,
        url: None,
        title: None,
        body: (0, body.len()),
        warnings: vec![],
    };
    let g = geoparse(&a, Gazetteer::bundled());
    (a, g)
}

/// (sentence, mentions as written that must be found with a point)
const FOUND: &[(&str, &[&str])] = &[
    (
        "BEIRUT - U.S.-backed fighters took Shaddadi on Thursday.",
        &["BEIRUT", "Shaddadi"],
    ),
    (
        "Troops prepared an assault on Hit, a town on the Euphrates.",
        &["Hit", "Euphrates"],
    ),
    ("Commanders hope to retake Hit before the summer.", &["Hit"]),
    (
        "Kurdish forces pushed the militants out of Ba'aj on Monday.",
        &["Ba'aj"],
    ),
    (
        "The army entered al-Qaim and moved on to Husaybah near the border.",
        &["al-Qaim", "Husaybah"],
    ),
    (
        "Troops advanced from Deir Ezzor toward Albu Kamal on the Euphrates.",
        &["Deir Ezzor", "Albu Kamal", "Euphrates"],
    ),
    (
        "Fighting raged in Hasakeh and in the town of Shaddadi, residents said.",
        &["Hasakeh", "Shaddadi"],
    ),
    (
        "BAGHDAD: The government said Tal Afar had been retaken.",
        &["BAGHDAD", "Tal Afar"],
    ),
    ("Hit fell to the army last month, officials said.", &["Hit"]),
];

/// (sentence, words that must not become mentions with a point)
const NOT_FOUND: &[(&str, &[&str])] = &[
    (
        "Peshmerga forces took Zumar, Halgurd Hikmat, a spokesman for the peshmerga ministry, said.",
        &["Halgurd Hikmat"],
    ),
    (
        "\"We have liberated Sinjar,\" Masoud Barzani told reporters.",
        &["Masoud Barzani"],
    ),
    (
        "SDF commander Mazloum Kobani told reporters the battle was over.",
        &["Kobani"],
    ),
    (
        "Fighters of the Sinjar Resistance Units kept their positions.",
        &["Sinjar"],
    ),
    (
        "The Deir al-Zor Military Council is part of the alliance.",
        &["Deir al-Zor"],
    ),
    (
        "Iran-backed militias and Syrian troops advanced.",
        &["Iran"],
    ),
    ("Air strikes hit the convoy as it left.", &["hit"]),
    (
        "Anna Jones, a UN official, said aid was blocked.",
        &["Anna"],
    ),
    (
        "Abu Bakr al-Baghdadi has not been seen since.",
        &["Baghdadi", "Baghdad"],
    ),
];

#[test]
fn places_are_found_with_spans() {
    for (s, want) in FOUND {
        let (a, g) = parse(s);
        for w in *want {
            let m = g.mentions.iter().find(|m| m.text == *w);
            let m = m.unwrap_or_else(|| {
                panic!(
                    "{w:?} not found in {s:?}: {:?}",
                    g.mentions.iter().map(|m| &m.text).collect::<Vec<_>>()
                )
            });
            assert_eq!(&a.text[m.start..m.end], *w);
            assert!(m.point.is_some(), "{w} unresolved in {s:?}");
        }
    }
}

#[test]
fn non_places_are_not_found() {
    for (s, bad) in NOT_FOUND {
        let (_, g) = parse(s);
        for b in *bad {
            assert!(
                !g.mentions
                    .iter()
                    .any(|m| m.text.contains(b) && m.point.is_some()),
                "{b:?} found in {s:?}"
            );
        }
    }
}

/// Relative phrases whose anchor is referred back to: (text, phrase, anchor as written,
/// relation). The anchor is the place the phrase means, named in an earlier sentence.
const ANAPHORIC: &[(&str, &str, &str, &str)] = &[
    (
        "Iraqi forces entered Tal Afar on Friday. Clashes went on in the Askari district. Fighting continued on the northern outskirts.",
        "the northern outskirts",
        "Tal Afar",
        "north_of",
    ),
    (
        "Troops broke the siege of Deir Ezzor. The column reached a garrison on the city's edge.",
        "the city's edge",
        "Deir Ezzor",
        "outskirts_of",
    ),
    (
        "The SDF holds the land east of the Euphrates. Government troops crossed to the eastern side of the river.",
        "the eastern side of the river",
        "Euphrates",
        "east_of",
    ),
    (
        "The SDF seized Hajin. A few fighters were hiding in pockets on its fringes.",
        "its fringes",
        "Hajin",
        "outskirts_of",
    ),
    (
        "The SDF seized Hajin. Units hunted others through the fields around the town.",
        "around the town",
        "Hajin",
        "near",
    ),
    (
        "The SDF took Shaddadi, cutting the road between Raqqa and Mosul. The monitor said militants held out in its southern districts.",
        "its southern districts",
        "Shaddadi",
        "south_of",
    ),
    (
        "The SDF seized Hajin. Some militants fell back on nearby villages.",
        "nearby villages",
        "Hajin",
        "near",
    ),
];

#[test]
fn in_and_around_is_the_place_itself() {
    let (_, g) = parse("Heavy fighting was still going on in and around Hajin.");
    assert!(g.relatives.is_empty(), "{:?}", g.relatives);
    let (_, g) = parse("Heavy fighting was still going on around Hajin.");
    assert_eq!(g.relatives.len(), 1, "{:?}", g.relatives);
    assert_eq!(g.relatives[0].relation.as_str(), "near");
}

#[test]
fn anaphoric_relatives_find_their_anchor() {
    for (text, phrase, anchor, relation) in ANAPHORIC {
        let (a, g) = parse(text);
        let found = g
            .relatives
            .iter()
            .find(|r| r.anaphoric && &a.text[r.start..r.end] == *phrase);
        let Some(r) = found else {
            panic!(
                "{text}: no anaphoric relative {phrase:?} in {:?}",
                g.relatives
            );
        };
        assert_eq!(g.mentions[r.anchor].text, *anchor, "{text}");
        assert_eq!(r.relation.as_str(), *relation, "{text}");
    }
    // named anchors stay named ("the outskirts of Mosul"), and "the town of X" is no anaphor
    for text in [
        "Troops fought on the outskirts of Mosul.",
        "Iraqi forces entered Tal Afar. They fought on the edge of the town of Rawa.",
    ] {
        let (_, g) = parse(text);
        assert!(
            g.relatives.iter().all(|r| !r.anaphoric),
            "{text}: {:?}",
            g.relatives
        );
    }
}

#[test]
fn country_adjectives_pass_the_length_and_letter_test() {
    for (w, cc) in [
        ("syrian", "SY"),
        ("syrians", "SY"),
        ("iraqi", "IQ"),
        ("iraqis", "IQ"),
        ("turkish", "TR"),
        ("jordanian", "JO"),
        ("iranian", "IR"),
        ("lebanese", "LB"),
        ("saudi", "SA"),
        ("kuwaiti", "KW"),
    ] {
        assert_eq!(super::country_adjective(w.as_bytes()), Some(cc), "{w}");
    }
    assert_eq!(super::country_adjective(b""), None);
    assert_eq!(super::country_adjective(b"syria"), None);
}

#[test]
fn remembered_spellings_are_the_spellings() {
    let gaz = Gazetteer::bundled();
    let text = "Mosul Raqqa Deir ez-Zor Albu Kamal Sunni Hit Qaim";
    let toks = text::tokenize(text, (0, text.len()));
    let mut keys = NameKeys::with_capacity(8);
    let mut checked = 0;
    for t in &toks.tokens {
        let written = t.text(text);
        let key = loose_key(written);
        let Some(pattern) = (0..gaz.keys_len()).find(|&p| gaz.key(p) == key) else {
            continue;
        };
        let want = spelled_like(written, pattern, gaz, &mut keys);
        checked += 1;
        for _ in 0..2 {
            assert_eq!(
                *spelled_like_cached(written, pattern, gaz, &mut keys),
                want[..],
                "{written}"
            );
        }
    }
    assert!(checked >= 4);
}

#[test]
fn remembered_keys_are_the_keys() {
    for name in [
        "Al-Ba'aj",
        "Deir ez-Zor",
        "Mosul",
        "الموصل",
        "Tall ʿAfar",
        "x",
    ] {
        for _ in 0..2 {
            assert_eq!(*remembered_key(name, 0, exact_key), exact_key(name));
            assert_eq!(*remembered_key(name, 1, loose_key), loose_key(name));
        }
    }
}

/// `prev_words` as it was, one walk a word: the oracle of `prev_words_is_two_walks`.
fn prev_word_reference(toks: &Tokens, ts: usize, skip: usize) -> &str {
    let s = toks.tokens[ts].sentence;
    let mut k = ts;
    let mut skipped = 0;
    while k > 0 {
        k -= 1;
        if toks.tokens[k].sentence != s {
            return "";
        }
        let w = toks.word(k);
        if w == "the" {
            continue;
        }
        if skipped == skip {
            return w;
        }
        skipped += 1;
    }
    ""
}

#[test]
fn prev_words_is_two_walks() {
    const WORDS: &[&str] = &[
        "the", "The", "of", "town", "Mosul", "near", ". ", "\n\n", ", ",
    ];
    let mut next = crate::testutil::xorshift();
    for _ in 0..5_000 {
        let mut text = String::new();
        for _ in 0..(next() % 12) {
            text.push_str(WORDS[(next() % WORDS.len() as u64) as usize]);
            text.push(' ');
        }
        let toks = text::tokenize(&text, (0, text.len()));
        for ts in 0..toks.tokens.len() {
            let want = [0, 1].map(|skip| prev_word_reference(&toks, ts, skip));
            assert_eq!(prev_words(&toks, ts), want, "{text:?} {ts}");
        }
    }
}
