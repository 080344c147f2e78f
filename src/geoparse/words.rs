//! Word lists of the recogniser: what may stand before and after a place name inside one
//! capitalised chunk, what marks a chunk as an organisation or a person, and capitalised words
//! that are never places. Lower-case, folded forms.

use std::sync::OnceLock;

use crate::gazetteer::fxhash::FxHashSet;

/// A list of folded words with a hashed lookup, built on first use: recognition asks these
/// lists about most tokens of every article.
pub struct WordSet {
    words: &'static [&'static str],
    set: OnceLock<Lookup>,
}

/// The words hashed, and a bit per (first byte, last byte, length) of a word hashed into 1024
/// bits: most words that are not in the list have their bit clear, and are not looked up.
struct Lookup {
    set: FxHashSet<&'static str>,
    filter: [u64; 16],
}

/// The bit of `w` in [`Lookup::filter`]: (word, mask).
#[inline]
fn filter_bit(b: &[u8]) -> (usize, u64) {
    let x = u32::from(b.first().copied().unwrap_or(0))
        | u32::from(b.last().copied().unwrap_or(0)) << 8
        | (b.len() as u32 & 0xff) << 16;
    let k = (x.wrapping_mul(0x9e37_79b1) >> 22) as usize; // 10 bits
    (k / 64, 1 << (k % 64))
}

impl WordSet {
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            set: OnceLock::new(),
        }
    }
    fn lookup(&self) -> &Lookup {
        self.set.get_or_init(|| {
            let mut filter = [0u64; 16];
            for w in self.words {
                let (i, bit) = filter_bit(w.as_bytes());
                filter[i] |= bit;
            }
            Lookup {
                set: self.words.iter().copied().collect(),
                filter,
            }
        })
    }
    /// True when `w` is one of the words.
    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        let l = self.lookup();
        let (i, bit) = filter_bit(w.as_bytes());
        l.filter[i] & bit != 0 && l.set.contains(w)
    }
    /// True when the UTF-8 bytes `w` are one of the words: for scans of every token, which can
    /// look at the bytes of its folded form without the character-boundary checks of a str.
    #[inline]
    pub fn contains_bytes(&self, w: &[u8]) -> bool {
        let l = self.lookup();
        let (i, bit) = filter_bit(w);
        l.filter[i] & bit != 0 && std::str::from_utf8(w).is_ok_and(|w| l.set.contains(w))
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
