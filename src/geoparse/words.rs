//! Word lists of the recogniser: what may stand before and after a place name inside one
//! capitalised chunk, what marks a chunk as an organisation or a person, and capitalised words
//! that are never places. Lower-case, folded forms.

use std::sync::OnceLock;

use crate::gazetteer::fxhash::FxHashSet;

/// A list of folded words, with a lookup table computed when the list is compiled: recognition
/// asks these lists about most tokens of every article.
///
/// Each word has a signature, a hash of its first byte, last byte and length into
/// [`SIGNATURES`] values; the table holds the word of each signature. Most words that are not in
/// the list have a signature no word of the list has, and are told apart with one look at the
/// table; the others are compared with the one word of their signature. (The few signatures
/// that several words of a list share are looked up in a hash set, built on first use.)
pub struct WordSet {
    words: &'static [&'static str],
    /// Index + 1 into `words` of the word of each signature; 0 for none, [`SHARED`] for more than
    /// one.
    slots: [u16; SIGNATURES],
    shared: OnceLock<FxHashSet<&'static str>>,
}

/// The number of signatures (see [`WordSet`]).
const SIGNATURES: usize = 1024;

/// In [`WordSet::slots`]: several words have the signature.
const SHARED: u16 = u16::MAX;

/// The signature of `b` (see [`WordSet`]).
#[inline]
const fn signature(b: &[u8]) -> usize {
    // (the first and last byte, 0 for an empty word; written so that a const fn may call it)
    let (first, last) = match b {
        [] => (0, 0),
        [f, .., l] => (*f, *l),
        [f] => (*f, *f),
    };
    let x = first as u32 | (last as u32) << 8 | (b.len() as u32 & 0xff) << 16;
    (x.wrapping_mul(0x9e37_79b1) >> 22) as usize // 10 bits
}

/// `a == b`, for a const fn.
const fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl WordSet {
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        // (an index + 1 must fit below SHARED)
        assert!(words.len() < SHARED as usize);
        let mut slots = [0u16; SIGNATURES];
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            let k = signature(w);
            slots[k] = match slots[k] {
                0 => i as u16 + 1,
                // (a word listed twice is still one word)
                SHARED => SHARED,
                j if same_bytes(words[j as usize - 1].as_bytes(), w) => j,
                _ => SHARED,
            };
            i += 1;
        }
        WordSet {
            words,
            slots,
            shared: OnceLock::new(),
        }
    }
    /// True when the UTF-8 bytes `w` are one of the words.
    #[inline]
    fn contains_word(&self, w: &[u8]) -> bool {
        match self.slots[signature(w)] {
            0 => false,
            SHARED => self.shared_contains(w),
            j => self
                .words
                .get(usize::from(j) - 1)
                .is_some_and(|x| x.as_bytes() == w),
        }
    }
    /// [`WordSet::contains_word`] for a signature that several words share.
    #[inline(never)]
    fn shared_contains(&self, w: &[u8]) -> bool {
        let set = self
            .shared
            .get_or_init(|| self.words.iter().copied().collect());
        std::str::from_utf8(w).is_ok_and(|w| set.contains(w))
    }
    /// True when `w` is one of the words.
    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        self.contains_word(w.as_bytes())
    }
    /// True when the UTF-8 bytes `w` are one of the words: for scans of every token, which can
    /// look at the bytes of its folded form without the character-boundary checks of a str.
    #[inline]
    pub fn contains_bytes(&self, w: &[u8]) -> bool {
        self.contains_word(w)
    }
    /// The words, in the order listed.
    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }
}

/// Words that may precede a place name in the same capitalised chunk (Mount Sinjar, Greater Zab).
pub static LEADING: WordSet = WordSet::new(&[
    "mount", "mt", "jabal", "jebel", "lake", "greater", "lesser", "north", "south", "east", "west",
    "northern", "southern", "eastern", "western", "central", "upper", "lower", "old", "new", "the",
    "tal", "tel", "tell", "tall", "wadi", "ras", "ain", "deir", "camp",
]);

/// Words that may follow a place name in the same chunk (Baaj District, Rabia Border Crossing).
pub static TRAILING: WordSet = WordSet::new(&[
    "district",
    "districts",
    "subdistrict",
    "sub",
    "province",
    "provinces",
    "governorate",
    "crossing",
    "border",
    "camp",
    "airport",
    "airbase",
    "air",
    "base",
    "dam",
    "field",
    "fields",
    "oil",
    "gas",
    "river",
    "valley",
    "mountain",
    "mountains",
    "mountain",
    "city",
    "town",
    "village",
    "villages",
    "plain",
    "plains",
    "desert",
    "countryside",
    "region",
    "lake",
    "bridge",
    "road",
    "highway",
    "citadel",
    "refinery",
    "plant",
    "prison",
    "military",
    "station",
    "junction",
    "area",
    "old",
    "neighbourhood",
    "neighborhood",
    "quarter",
    "island",
    "islands",
    "hills",
    "hill",
    "gate",
    "canal",
    "pocket",
    "front",
    "basin",
    "corridor",
    "axis",
]);

/// Head words that make a capitalised chunk an organisation (Sinjar Resistance Units, Deir
/// al-Zor Military Council), so a place inside it is not a mention.
pub static ORG_HEADS: WordSet = WordSet::new(&[
    "units",
    "council",
    "forces",
    "force",
    "party",
    "command",
    "operations",
    "army",
    "division",
    "brigades",
    "regiment",
    "battalion",
    "battalions",
    "agency",
    "network",
    "news",
    "eye",
    "committee",
    "committees",
    "movement",
    "organisation",
    "organization",
    "channel",
    "media",
    "tv",
    "radio",
    "times",
    "post",
    "observatory",
    "university",
    "airways",
    "airlines",
    "company",
    "group",
    "front",
    "police",
    "government",
    "administration",
    "ministry",
    "mobilisation",
    "mobilization",
    "guard",
    "guards",
    "coalition",
    "alliance",
    "federation",
    "union",
    "league",
    "association",
    "office",
    "center",
    "centre",
    "institute",
    "foundation",
    "tribe",
    "tribes",
    "club",
    "bank",
    "council",
    "24",
    "daily",
    "online",
    "press",
    "monitor",
    "tribune",
    "herald",
    "journal",
    "review",
    "gazette",
    "shield",
    "wrath",
    "storm",
    "operation",
    "offensive",
    "campaign",
    "accord",
    "agreement",
    "talks",
    "conference",
    "resolution",
    "declaration",
    "protocol",
]);

/// Titles that make the following capitalised chunk a person.
pub static PERSON_TITLES: WordSet = WordSet::new(&[
    "president",
    "minister",
    "prime",
    "gen",
    "general",
    "lt",
    "lieutenant",
    "col",
    "colonel",
    "brig",
    "brigadier",
    "maj",
    "major",
    "capt",
    "captain",
    "sgt",
    "sergeant",
    "commander",
    "spokesman",
    "spokeswoman",
    "sheikh",
    "shaikh",
    "mr",
    "mrs",
    "ms",
    "dr",
    "leader",
    "chief",
    "envoy",
    "king",
    "emir",
    "ayatollah",
    "imam",
    "cleric",
    "governor",
    "mayor",
    "officer",
    "director",
    "secretary",
    "ambassador",
    "adm",
    "admiral",
    "senator",
    "sen",
    "rep",
    "official",
    "activist",
    "analyst",
    "journalist",
    "correspondent",
    "hajji",
    "haji",
    "mullah",
    "abu",
    "umm",
    "bin",
    "ibn",
]);

/// Capitalised words that are never place names by themselves (function words at the start of a
/// sentence, days, months, titles).
pub static NOT_PLACES: WordSet = WordSet::new(&[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "of",
    "and",
    "but",
    "or",
    "for",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "its",
    "their",
    "there",
    "when",
    "while",
    "after",
    "before",
    "as",
    "by",
    "with",
    "from",
    "to",
    "into",
    "some",
    "all",
    "both",
    "no",
    "not",
    "since",
    "until",
    "about",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "said",
    "says",
    "according",
    "earlier",
    "later",
    "elsewhere",
    "meanwhile",
    "however",
    "also",
    "state",
    "islamic",
    "kurdish",
    "kurds",
    "arab",
    "arabs",
    "shia",
    "shiite",
    "sunni",
    "christian",
    "yazidi",
    "yazidis",
    "army",
    "troops",
    "forces",
    "fighters",
    "militants",
    "jihadists",
    "president",
    "minister",
    "general",
    "colonel",
    "officials",
    "sources",
    "reuters",
    "afp",
    "ap",
    "bbc",
    "news",
    "agency",
    "observatory",
    "coalition",
    "us",
    "un",
    "eu",
    "nato",
    "is",
    "isis",
    "isil",
    "daesh",
    "sdf",
    "ypg",
    "ypj",
    "pkk",
    "pmf",
    "pmu",
    "hashd",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "god",
    "allah",
    "ramadan",
    "eid",
    "christmas",
    "western",
    "eastern",
    "northern",
    "southern",
    "more",
    "most",
    "many",
    "several",
    "other",
    "others",
    "what",
    "which",
    "who",
    "where",
    "why",
    "how",
    "if",
    "so",
    "then",
    "than",
    "now",
    "once",
    "here",
    "only",
    "even",
    "still",
    "yet",
    "just",
    "last",
    "next",
    "first",
    "second",
    "third",
    "final",
    "new",
    "old",
    "major",
    "minor",
    "hit",
    "anna",
    "ana",
    "mission",
    "tell",
    "salam",
    "will",
    "hope",
    "victory",
    "liberation",
    "peshmerga",
    "sana",
    "hezbollah",
    "baath",
    "coalition",
    "government",
    "regime",
    "militia",
    "militias",
    "caliphate",
    "genocide",
    "monitoring",
    "group",
    "brigade",
    "division",
    "battalion",
    "regiment",
]);

/// Capitalised words that are also place names and need a place context to count as places
/// (Hit the verb, Anna the name, Tell the verb).
pub static HOMONYMS: WordSet = WordSet::new(&[
    "hit", "anna", "ana", "mission", "tell", "salam", "hope", "bar", "dam", "camp", "station",
    "victory",
]);

/// Suffixes that make `X-suffix` an adjective (Iran-backed, U.S.-led, Islamic State-held).
pub const ADJECTIVE_SUFFIXES: &[&str] = &[
    "backed",
    "led",
    "held",
    "controlled",
    "based",
    "linked",
    "allied",
    "aligned",
    "supported",
    "trained",
    "funded",
    "affiliated",
    "born",
    "run",
    "dominated",
    "occupied",
    "bound",
    "made",
    "style",
    "registered",
    "headquartered",
    "inspired",
    "sponsored",
    "armed",
    "friendly",
];

/// Words before a name that make it a place (the town of X, villages of X and Y, near X).
pub static PLACE_OF: WordSet = WordSet::new(&[
    "neighbouring",
    "neighboring",
    "nearby",
    "adjacent",
    "town",
    "towns",
    "village",
    "villages",
    "city",
    "cities",
    "district",
    "districts",
    "province",
    "governorate",
    "neighbourhood",
    "neighborhood",
    "neighbourhoods",
    "neighborhoods",
    "area",
    "areas",
    "region",
    "outskirts",
    "suburb",
    "suburbs",
    "hamlet",
    "settlement",
    "subdistrict",
    "quarter",
    "countryside",
    "municipality",
]);

/// Words after a name that make it a place (X village, X district, X border crossing).
pub static PLACE_AFTER: WordSet = WordSet::new(&[
    "village",
    "villages",
    "town",
    "district",
    "districts",
    "neighbourhood",
    "neighborhood",
    "neighbourhoods",
    "neighborhoods",
    "area",
    "crossing",
    "camp",
    "field",
    "airport",
    "airbase",
    "subdistrict",
    "quarter",
    "province",
    "governorate",
    "region",
    "countryside",
    "dam",
    "base",
]);

/// Prepositions after which a capitalised name is likely a place.
pub const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "near", "at", "outside", "around", "into", "towards", "toward", "from", "to", "across",
    "inside", "through", "via", "beyond", "within", "between",
];

/// Words that give a kind to the name they follow or precede.
pub fn kind_cue(word: &str) -> Option<crate::gazetteer::Kind> {
    use crate::gazetteer::Kind::*;
    Some(match word {
        "village" | "villages" | "hamlet" => Village,
        "town" | "towns" => Town,
        "city" | "cities" => City,
        "district" | "districts" | "subdistrict" => District,
        "province" | "governorate" => Governorate,
        "crossing" => BorderCrossing,
        "mount" | "mountain" | "mountains" | "jabal" | "jebel" => Mountain,
        "river" => River,
        "neighbourhood" | "neighborhood" | "neighbourhoods" | "neighborhoods" | "quarter"
        | "field" | "airport" | "airbase" | "camp" | "base" | "dam" => Other,
        _ => return None,
    })
}

/// Function words that may stand capitalised at the start of a sentence before a place name.
pub static SENTENCE_STARTERS: WordSet = WordSet::new(&[
    "the",
    "in",
    "on",
    "at",
    "of",
    "and",
    "but",
    "for",
    "from",
    "to",
    "into",
    "after",
    "before",
    "as",
    "by",
    "with",
    "since",
    "until",
    "near",
    "outside",
    "around",
    "across",
    "elsewhere",
    "meanwhile",
    "while",
    "when",
    "both",
    "all",
    "some",
    "most",
    "many",
    "inside",
    "beyond",
]);

/// Month and day names: never places.
pub static CALENDAR: WordSet = WordSet::new(&[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "sept",
    "jan",
    "feb",
    "aug",
    "oct",
    "nov",
    "dec",
]);

#[cfg(test)]
mod tests {
    use super::*;

    /// The lists of this module.
    fn lists() -> [&'static WordSet; 10] {
        [
            &LEADING,
            &TRAILING,
            &ORG_HEADS,
            &PERSON_TITLES,
            &NOT_PLACES,
            &HOMONYMS,
            &PLACE_OF,
            &PLACE_AFTER,
            &SENTENCE_STARTERS,
            &CALENDAR,
        ]
    }

    /// The table lookup answers as a plain search of the list does (the oracle), for the words
    /// of every list and near misses of them: those share signatures with listed words.
    #[test]
    fn contains_is_a_search_of_the_list() {
        let mut probes: Vec<String> = vec![String::new(), "é".into(), "سوريا".into()];
        for list in lists() {
            for w in list.words() {
                probes.push(w.to_string());
                probes.push(format!("{w}s"));
                probes.push(format!("x{w}"));
                probes.push(w.chars().rev().collect());
                if w.len() > 1 {
                    probes.push(w[1..].to_string());
                    probes.push(format!("{}q{}", &w[..1], &w[2..]));
                }
            }
        }
        for list in lists() {
            for p in &probes {
                assert_eq!(list.contains(p), list.words().contains(&p.as_str()), "{p}");
            }
        }
    }

    proptest::proptest! {
        /// The same for any word (of few letters, so that some are listed).
        #[test]
        fn contains_is_a_search_of_the_list_for_any_word(w in "[a-z]{0,4}|[a-zé]{0,12}") {
            for list in lists() {
                proptest::prop_assert_eq!(list.contains(&w), list.words().contains(&w.as_str()));
                proptest::prop_assert_eq!(
                    list.contains_bytes(w.as_bytes()),
                    list.words().contains(&w.as_str())
                );
            }
        }
    }

    #[test]
    fn contains_bytes_is_contains() {
        let mut words: Vec<String> = PERSON_TITLES
            .words()
            .iter()
            .map(|w| w.to_string())
            .collect();
        // near misses: one letter more, less or changed, and non-ASCII
        for w in PERSON_TITLES.words() {
            words.push(format!("{w}s"));
            words.push(w[1..].to_string());
            words.push(format!("x{}", &w[1..]));
            words.push(format!("{w}é"));
        }
        words.extend(["", "a", "ål", "سوريا"].map(String::from));
        for w in &words {
            assert_eq!(
                PERSON_TITLES.contains_bytes(w.as_bytes()),
                PERSON_TITLES.contains(w),
                "{w}"
            );
        }
        assert!(PERSON_TITLES
            .words()
            .iter()
            .all(|w| PERSON_TITLES.contains_bytes(w.as_bytes())));
    }
}
