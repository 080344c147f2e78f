//! Toponym recognition, resolution and relative locations.
//!
//! Walks of the gazetteer's key trie from each capitalised token of the article body, through the
//! keys of the tokens written together with it, find every gazetteer name under any spelling;
//! capitalised chunks, cue phrases and control verbs find the names the gazetteer lacks. Each mention is resolved among same-named candidates by what the
//! article supports (cue kind, countries and governorates it names, nearness to its other places,
//! then importance), with a reason and a confidence. Relative phrases ('15 km west of X', 'near X',
//! 'between X and Y', 'on the border north of X') become computed points.
//!
//! Input: an [`Article`] and a [`Gazetteer`]; output: [`Geoparse`]. Claims build on it.

pub mod relative;
pub mod text;
pub mod words;

use crate::article::Article;
use crate::gazetteer::fxhash::{FxHashMap as HashMap, FxHashSet as HashSet};
use crate::gazetteer::geo::{haversine_km, CosPoint, NearestOf};
use crate::gazetteer::normalize::{exact_key, loose_key, loose_token_bytes_into, skeleton};
use crate::gazetteer::trie::KeyTrie;
use crate::gazetteer::{Gazetteer, Kind, MatchQuality, Place};
pub use relative::{Relation, Relative};
use std::rc::Rc;
use text::{Case, Tokens};
use words::*;

/// One toponym found in the text.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Byte span of the place as written (with a leading article: al-Qaim).
    pub start: usize,
    pub end: usize,
    /// Token range [tok_start, tok_end).
    pub tok_start: usize,
    pub tok_end: usize,
    pub sentence: usize,
    pub text: String,
    /// The gazetteer place it resolves to.
    pub place: Option<u32>,
    pub quality: Option<MatchQuality>,
    /// Other places of the same name that were considered.
    pub candidates: Vec<u32>,
    /// Why this resolution (`exact`, `alias`, `fuzzy`, `context:<why>`, `unresolved`).
    pub resolution: String,
    pub confidence: f64,
    /// The kind the text's cue words give (the town of X, X district).
    pub kind_hint: Option<Kind>,
    /// Where the mention is placed: the place's point, or a containing place's point for a part
    /// of a city the gazetteer lacks. `None` for unresolved mentions.
    pub point: Option<(f64, f64)>,
    pub precision_km: f64,
    /// For a name placed by context: the place that contains it.
    pub part_of: Option<u32>,
}

impl Mention {
    pub fn is_resolved(&self) -> bool {
        self.point.is_some()
    }
}

/// The geoparse of one article.
#[derive(Debug, Clone, Default)]
pub struct Geoparse {
    pub tokens: Tokens,
    pub mentions: Vec<Mention>,
    pub relatives: Vec<Relative>,
    /// ISO codes of the countries the article names or implies (Syrian, Iraqi).
    pub countries: Vec<String>,
}

impl Geoparse {
    /// The mentions of sentence `s`.
    pub fn mentions_in(&self, s: usize) -> impl Iterator<Item = (usize, &Mention)> {
        self.mentions
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.sentence == s)
    }
    /// The mention that starts at token `t`, if any.
    pub fn mention_at_token(&self, t: usize) -> Option<usize> {
        self.mentions.iter().position(|m| m.tok_start == t)
    }
}

/// Loose-key matches whose spelling is further than this from every name of the place are
/// collisions, not variants.
pub const MIN_SIMILARITY: f64 = 0.7;

/// A village-level reading farther than this from all the article's other places is doubted.
pub const FAR_KM: f64 = 250.0;

struct Span {
    ts: usize,
    te: usize,
    /// For a gazetteer name: the places of its key spelled like it, which recognition looked up
    /// (the mention's candidates). `None` for a name the gazetteer lacks.
    places: Option<Rc<[u32]>>,
}

fn is_cap_like(t: &text::Token) -> bool {
    matches!(t.case, Case::Title | Case::Upper | Case::Other)
}

static CONNECTORS: WordSet = WordSet::new(&[
    "of", "bin", "ibn", "abu", "bani", "beni", "umm", "bou", "albu", "wa", "ez", "el", "al", "ad",
    "as", "ar", "ash", "az", "at", "an",
]);

/// Capture verbs whose object is a place.
static CONTROL_VERBS: WordSet = WordSet::new(&[
    "captured",
    "capture",
    "capturing",
    "seized",
    "seize",
    "seizing",
    "took",
    "take",
    "taking",
    "retook",
    "retake",
    "retaking",
    "recaptured",
    "recapture",
    "recapturing",
    "liberated",
    "liberate",
    "liberating",
    "freed",
    "free",
    "freeing",
    "cleared",
    "clear",
    "clearing",
    "entered",
    "enter",
    "entering",
    "stormed",
    "storm",
    "storming",
    "overran",
    "overrun",
    "regained",
    "controls",
    "control",
    "hold",
    "holds",
    "held",
    "besieged",
    "encircled",
    "surrounded",
    "attacked",
    "shelled",
    "bombed",
    "reached",
    "secured",
    "securing",
    "lost",
    "abandoned",
    "evacuated",
    "approached",
    "besieging",
    "encircling",
]);

/// The country of a folded word's bytes that is a country adjective (bytes: the scan of every
/// token in [`scan_words`] needs no str).
#[inline]
fn country_adjective(w: &[u8]) -> Option<&'static str> {
    // five to nine letters, starting with one of these: most words are not compared (this test
    // is inlined into the scans of every token, the comparisons are not)
    match w {
        [b's' | b'i' | b't' | b'j' | b'l' | b'k', ..] if (5..=9).contains(&w.len()) => {
            country_of_adjective(w)
        }
        _ => None,
    }
}

/// [`country_adjective`] of a word that passed its length and letter test.
#[inline(never)]
fn country_of_adjective(w: &[u8]) -> Option<&'static str> {
    Some(match w {
        b"syrian" | b"syrians" => "SY",
        b"iraqi" | b"iraqis" => "IQ",
        b"turkish" => "TR",
        b"jordanian" => "JO",
        b"iranian" => "IR",
        b"lebanese" => "LB",
        b"saudi" => "SA",
        b"kuwaiti" => "KW",
        _ => return None,
    })
}

/// Runs recognition, resolution and relative locations over an article's body.
pub fn geoparse(article: &Article, gaz: &Gazetteer) -> Geoparse {
    let text = article.text.as_str();
    let toks = text::tokenize(text, article.body);
    // (room for the names of most articles, so that the maps seldom grow)
    let mut keys = NameKeys::with_capacity(64);
    let mut looked_up = HashMap::with_capacity_and_hasher(64, Default::default());
    let words = scan_words(text, &toks);
    let mut spans = gazetteer_spans(text, &toks, gaz, &words.persons, &mut keys, &mut looked_up);
    spans.extend(unknown_spans(text, &toks, &spans));
    spans.sort_by_key(|s| s.ts);
    let mut mentions: Vec<Mention> = spans
        .iter()
        .map(|s| make_mention(text, &toks, s, gaz, &mut looked_up, &mut keys))
        .collect();
    let countries = article_countries(&words.adjective_countries, &mentions, gaz);
    resolve(text, &mut mentions, &countries, gaz, &mut keys);
    place_by_context(text, &toks, &mut mentions, gaz);
    let mut relatives = relative::find(text, &toks, &mentions, gaz);
    let anaphoric = relative::find_anaphoric(&toks, &mentions, gaz, &relatives);
    relatives.extend(anaphoric);
    Geoparse {
        tokens: toks,
        mentions,
        relatives,
        countries,
    }
}

/// The exact and loose keys (see `gazetteer::normalize`) of the names as written in one
/// article, each computed once: the same name recurs, and recognition, candidate look-up and
/// resolution all want its keys. (Shared strings: a key is handed out and remembered by the
/// thread without copying it.)
struct NameKeys<'a> {
    exact: HashMap<&'a str, Rc<str>>,
    loose: HashMap<&'a str, Rc<str>>,
}

impl<'a> NameKeys<'a> {
    fn with_capacity(n: usize) -> NameKeys<'a> {
        NameKeys {
            exact: HashMap::with_capacity_and_hasher(n, Default::default()),
            loose: HashMap::with_capacity_and_hasher(n, Default::default()),
        }
    }
    /// `exact_key(name)`.
    fn exact(&mut self, name: &'a str) -> &Rc<str> {
        self.exact
            .entry(name)
            .or_insert_with(|| remembered_key(name, 0, exact_key))
    }
    /// `loose_key(name)`.
    fn loose(&mut self, name: &'a str) -> &Rc<str> {
        self.loose
            .entry(name)
            .or_insert_with(|| remembered_key(name, 1, loose_key))
    }
}

/// The most names as written that each thread table ([`remembered_key`],
/// [`spelled_like_cached`]) keeps; a full table is emptied.
const NAMES_REMEMBERED: usize = 1 << 16;

/// Names as written → their exact and loose keys, each once computed.
type KeyTable = HashMap<Box<str>, [Option<Rc<str>>; 2]>;

thread_local! {
    /// The exact and loose keys of the names as written that the articles of this thread had.
    static KEYS: std::cell::RefCell<KeyTable> = std::cell::RefCell::new(HashMap::default());
}

/// Key `which` (0 exact, 1 loose) of `name`, computed by `key` unless the thread has it.
fn remembered_key(name: &str, which: usize, key: fn(&str) -> String) -> Rc<str> {
    KEYS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(keys) = cache.get_mut(name) {
            return keys[which].get_or_insert_with(|| key(name).into()).clone();
        }
        if cache.len() >= NAMES_REMEMBERED {
            cache.clear();
        }
        let k: Rc<str> = key(name).into();
        let mut keys = [None, None];
        keys[which] = Some(k.clone());
        cache.insert(name.into(), keys);
        k
    })
}

/// Gazetteer names in the body, filtered by case and chunk shape, longest first.
///
/// A name must start where a token's key starts and end where a token's key ends, and its tokens
/// must be written together in one sentence; so the gazetteer's key trie is walked from each
/// capitalised token through the keys of the tokens joined to it, and stops at the first byte no
/// key continues with (a token's key is computed when a walk first reaches it). The cheap shape checks (case, calendar words, person names) come before the
/// spelling check against the place's names.
fn gazetteer_spans<'a>(
    text: &'a str,
    toks: &Tokens,
    gaz: &Gazetteer,
    persons: &HashSet<String>,
    names: &mut NameKeys<'a>,
    looked_up: &mut LookedUp<'a>,
) -> Vec<Span> {
    let trie = gaz.key_trie();
    let mut keys = LazyKeys::new(toks);
    let n = toks.tokens.len();
    let mut cands: Vec<Span> = Vec::new();
    for first in 0..n {
        let t0 = &toks.tokens[first];
        // a span's first content token is this one (only articles are taken in before it),
        // and `case_ok` wants it capitalised: a lower-case token starts no span
        if t0.article || !is_cap_like(t0) || keys.key(toks, first).is_empty() {
            continue;
        }
        let mut node = KeyTrie::ROOT;
        let mut te = first;
        loop {
            let key = keys.key(toks, te);
            match trie.walk(node, key) {
                Some(next) => node = next,
                None => break,
            }
            if !key.is_empty() {
                if let Some(pattern) = trie.pattern(node) {
                    if let Some(span) = gazetteer_span(
                        text, toks, gaz, persons, names, looked_up, first, te, pattern,
                    ) {
                        cands.push(span);
                    }
                }
            }
            // the tokens must be written together (spaces or hyphens, or an article between)
            if te + 1 >= n || !toks.joined(text, te) {
                break;
            }
            te += 1;
        }
    }
    // longest first, then leftmost
    cands.sort_by(|a, b| (b.te - b.ts).cmp(&(a.te - a.ts)).then(a.ts.cmp(&b.ts)));
    let mut taken = vec![false; toks.tokens.len()];
    let mut out = Vec::new();
    for s in cands {
        if (s.ts..s.te).any(|k| taken[k]) {
            continue;
        }
        if !chunk_ok(text, toks, s.ts, s.te) || !context_ok(toks, s.ts, s.te) {
            continue;
        }
        taken[s.ts..s.te].fill(true);
        out.push(s);
    }
    out
}

/// The loose keys of an article's tokens (see `gazetteer::normalize`; empty for articles),
/// computed when a walk of the key trie first reaches the token: most tokens are lower case
/// and start no walk.
struct LazyKeys {
    buf: Vec<u8>,
    /// Byte range of each token's key in `buf`; `u32::MAX` for a key not computed yet.
    range: Vec<(u32, u32)>,
}

impl LazyKeys {
    fn new(toks: &Tokens) -> LazyKeys {
        LazyKeys {
            // (walks reach about a quarter of the tokens: room for their keys without growing)
            buf: Vec::with_capacity(toks.folded.len() / 4),
            range: vec![(u32::MAX, 0); toks.tokens.len()],
        }
    }
    /// The loose key of token `k`.
    fn key(&mut self, toks: &Tokens, k: usize) -> &[u8] {
        let (mut a, mut b) = self.range[k];
        if a == u32::MAX {
            let t = &toks.tokens[k];
            let start = self.buf.len();
            if !t.article {
                loose_token_bytes_into(toks.folded_of(t), &mut self.buf);
            }
            (a, b) = (start as u32, self.buf.len() as u32);
            self.range[k] = (a, b);
        }
        &self.buf[a as usize..b as usize]
    }
}

/// The span of a key match from token `ts` to token `te` (inclusive), with a preceding article
/// taken in, if its shape and spelling fit a name of one of the places bearing the key.
#[allow(clippy::too_many_arguments)]
fn gazetteer_span<'a>(
    text: &'a str,
    toks: &Tokens,
    gaz: &Gazetteer,
    persons: &HashSet<String>,
    names: &mut NameKeys<'a>,
    looked_up: &mut LookedUp<'a>,
    ts: usize,
    te: usize,
    pattern: usize,
) -> Option<Span> {
    let mut ts = ts;
    // take a preceding article into the span: al-Qaim, al Houl
    while ts > 0 && toks.tokens[ts - 1].article && toks.joined(text, ts - 1) {
        ts -= 1;
    }
    if !shape_ok(toks, persons, ts, te + 1) {
        return None;
    }
    let raw = &text[toks.tokens[ts].start..toks.tokens[te].end];
    // the spelling check: the places of the key spelled like the name (the mention's
    // candidates, should the span be taken)
    let (spelled_like, _) = looked_up
        .entry((Some(pattern), raw))
        .or_insert_with(|| (spelled_like_cached(raw, pattern, gaz, names), None));
    if spelled_like.is_empty() {
        return None;
    }
    Some(Span {
        ts,
        te: te + 1,
        places: Some(spelled_like.clone()),
    })
}

/// Case and word checks of a gazetteer span [ts, te): capitalised, not a lone letter, calendar
/// word, person's name or short acronym inside a sentence.
fn shape_ok(toks: &Tokens, persons: &HashSet<String>, ts: usize, te: usize) -> bool {
    let mut content = toks.tokens[ts..te].iter().filter(|t| !t.article);
    let Some(first) = content.next() else {
        return false;
    };
    let single = content.next().is_none();
    let w = toks.folded_of(first);
    // (fewer than two characters: no second one, without counting them all)
    if single && w.chars().nth(1).is_none() {
        return false;
    }
    case_ok(toks, ts, te)
        && !(single && CALENDAR.contains(w))
        && !(single && persons.contains(w))
        && !(single
            && first.case == Case::Upper
            && w.chars().nth(4).is_none()
            && !sentence_initial(toks, ts))
}

/// What one scan of every token of an article finds (see [`scan_words`]).
struct ArticleWords {
    /// Words of person names (see [`scan_words`]).
    persons: HashSet<String>,
    /// The countries the country adjectives of the article name, in the order of their first
    /// adjective.
    adjective_countries: Vec<&'static str>,
}

/// Words of person names: capitalised chunks after a title (Prime Minister Haider al-Abadi,
/// spokesman Talal Silo), so that a later bare surname (Abadi) is not taken for a place; and the
/// countries of the country adjectives (Syrian, Iraqi). (One scan, for two look-ups a token.)
fn scan_words(text: &str, toks: &Tokens) -> ArticleWords {
    let mut out = HashSet::default();
    let mut adjective_countries = Vec::new();
    let n = toks.tokens.len();
    for (k, t) in toks.tokens.iter().enumerate() {
        let b = toks.folded_bytes(t);
        if let Some(cc) = country_adjective(b) {
            if !adjective_countries.contains(&cc) {
                adjective_countries.push(cc);
            }
        }
        // (most tokens are no title: their bytes are enough to tell)
        if !PERSON_TITLES.contains_bytes(b) {
            continue;
        }
        let w = toks.folded_of(t);
        if matches!(w, "abu" | "umm" | "bin" | "ibn") {
            continue;
        }
        let mut j = k + 1;
        let mut names = Vec::new();
        while j < n && toks.joined(text, j - 1) {
            let t = &toks.tokens[j];
            if PERSON_TITLES.contains(toks.folded_of(t)) && names.is_empty() {
                j += 1;
                continue;
            }
            if t.article || t.case == Case::Title {
                if !t.article {
                    names.push(toks.folded_of(t).to_string());
                }
                j += 1;
            } else {
                break;
            }
        }
        if names.len() >= 2 {
            out.extend(names);
        }
    }
    ArticleWords {
        persons: out,
        adjective_countries,
    }
}

/// Every content token is capitalised (or a connector or trailing cue word inside the name).
fn case_ok(toks: &Tokens, ts: usize, te: usize) -> bool {
    let mut content = (ts..te).filter(|&k| !toks.tokens[k].article);
    let Some(first) = content.next() else {
        return false;
    };
    if !is_cap_like(&toks.tokens[first]) {
        return false;
    }
    content.all(|k| {
        let t = &toks.tokens[k];
        is_cap_like(t)
            || CONNECTORS.contains(toks.folded_of(t))
            || (k > first && TRAILING.contains(toks.folded_of(t)))
    })
}

fn sentence_initial(toks: &Tokens, k: usize) -> bool {
    let t = &toks.tokens[k];
    k == 0
        || toks.tokens[k - 1].sentence != t.sentence
        || matches!(t.prev_char, '"' | '“' | '(' | '‘')
}

/// The maximal capitalised chunk around [ts, te): tokens written together and capitalised.
fn chunk(text: &str, toks: &Tokens, ts: usize, te: usize) -> (usize, usize) {
    let mut a = ts;
    while a > 0 && toks.joined(text, a - 1) {
        let t = &toks.tokens[a - 1];
        if t.article || is_cap_like(t) {
            a -= 1;
        } else {
            break;
        }
    }
    let mut b = te;
    while b < toks.tokens.len() && toks.joined(text, b - 1) {
        let t = &toks.tokens[b];
        let next_cap = toks.tokens.get(b + 1).is_some_and(is_cap_like) && toks.joined(text, b);
        if is_cap_like(t) || (t.article && next_cap) {
            b += 1;
        } else {
            break;
        }
    }
    (a, b)
}

/// A place inside a longer capitalised chunk counts only when the rest of the chunk is made of
/// modifiers (Mount, Northern) and cue words (District, Crossing); not inside organisation or
/// person names (Sinjar Resistance Units, Mazloum Kobani).
fn chunk_ok(text: &str, toks: &Tokens, ts: usize, te: usize) -> bool {
    let (a, b) = chunk(text, toks, ts, te);
    for k in a..ts {
        let t = &toks.tokens[k];
        let w = toks.folded_of(t);
        if t.article || LEADING.contains(w) {
            continue;
        }
        if SENTENCE_STARTERS.contains(w)
            && (k == a)
            && (sentence_initial(toks, k) || t.case == Case::Upper)
        {
            continue;
        }
        if country_adjective(w.as_bytes()).is_some() || w == "kurdish" {
            continue; // Syrian town of ..., handled by the cue
        }
        return false;
    }
    for k in te..b {
        let w = toks.word(k);
        if ORG_HEADS.contains(w) {
            return false;
        }
        if !(TRAILING.contains(w) || toks.tokens[k].article) {
            return false;
        }
    }
    // a person: title before the chunk (President Bashar al-Assad, spokesman Talal Silo)
    if a > 0 && PERSON_TITLES.contains(toks.word(a - 1)) && toks.joined(text, a - 1) {
        return false;
    }
    // an adjective: Iran-backed, Britain-based
    let last = &toks.tokens[te - 1];
    if last.next_char == '-' && ADJECTIVE_SUFFIXES.contains(&toks.word(te)) {
        return false;
    }
    true
}

/// Homonyms and capitalised common words need a place context.
fn context_ok(toks: &Tokens, ts: usize, te: usize) -> bool {
    // a single content token (one that is no article)
    let mut content = (ts..te).filter(|&k| !toks.tokens[k].article);
    let (Some(k), None) = (content.next(), content.next()) else {
        return true;
    };
    let w = toks.word(k);
    if !(HOMONYMS.contains(w) || NOT_PLACES.contains(w)) {
        return true;
    }
    let prev = if ts > 0 { toks.word(ts - 1) } else { "" };
    let prev2 = if ts > 1 { toks.word(ts - 2) } else { "" };
    let next = toks.word(te);
    let same_sentence_prev = ts > 0 && toks.tokens[ts - 1].sentence == toks.tokens[k].sentence;
    (same_sentence_prev
        && matches!(
            prev,
            "in" | "near" | "outside" | "around" | "into" | "towards" | "toward"
        ))
        || (prev == "of" && PLACE_OF.contains(prev2))
        || matches!(
            next,
            "fell" | "lies" | "sits" | "remains" | "district" | "province"
        )
        || (same_sentence_prev
            && matches!(prev, "and" | "or")
            && ts >= 2
            && toks.tokens[ts - 2].is_cap())
        // "an assault on Hit", "to retake Hit"
        || (same_sentence_prev
            && (CONTROL_VERBS.contains(prev)
                || (prev == "on"
                    && matches!(
                        prev2,
                        "assault" | "offensive" | "attack" | "advance" | "push" | "march"
                    ))))
        // "Hit, a town on the Euphrates"
        || (toks.tokens[te - 1].next_char == ','
            && matches!(next, "a" | "an" | "the")
            && (te + 1..te + 4).any(|j| {
                toks.tokens.get(j).is_some_and(|t| t.sentence == toks.tokens[k].sentence)
                    && words::kind_cue(toks.word(j)).is_some()
            }))
}

fn is_actorish(w: &str) -> bool {
    NOT_PLACES.contains(w) || ORG_HEADS.contains(w) || PERSON_TITLES.contains(w)
}

/// Names the gazetteer lacks, in strong place contexts: cue phrases, control-verb objects, lists
/// with such names, and capitalised names after place prepositions.
fn unknown_spans(text: &str, toks: &Tokens, known: &[Span]) -> Vec<Span> {
    let mut taken = vec![false; toks.tokens.len()];
    for s in known {
        taken[s.ts..s.te].fill(true);
    }
    let n = toks.tokens.len();
    let mut out = Vec::new();
    let mut k = 0;
    while k < n {
        let t = &toks.tokens[k];
        let starts = !taken[k]
            && (is_cap_like(t)
                || (t.article
                    && k + 1 < n
                    && is_cap_like(&toks.tokens[k + 1])
                    && toks.joined(text, k)))
            && !(t.case == Case::Other && toks.folded_of(t).chars().all(|c| c.is_ascii_digit()));
        if !starts {
            k += 1;
            continue;
        }
        // the chunk from k
        let mut e = k + 1;
        while e < n && !taken[e] && toks.joined(text, e - 1) {
            let u = &toks.tokens[e];
            let next_cap = toks.tokens.get(e + 1).is_some_and(is_cap_like) && toks.joined(text, e);
            if is_cap_like(u) || (u.article && next_cap) {
                e += 1;
            } else {
                break;
            }
        }
        let (ts, mut te) = (k, e);
        k = e;
        // trailing cue words are not part of the name (Askari District)
        while te > ts + 1 && PLACE_AFTER.contains(toks.word(te - 1)) {
            te -= 1;
        }
        // the tokens that are no article (asked twice, rather than collected)
        let content = || (ts..te).filter(|&i| !toks.tokens[i].article);
        if content().next().is_none() {
            continue;
        }
        let arabic_article = toks.tokens[ts].article;
        if content().any(|i| {
            let w = toks.word(i);
            (is_actorish(w) && !(arabic_article && HOMONYMS.contains(w)))
                || country_adjective(w.as_bytes()).is_some()
                || crate::article::header::month_number(w).is_some()
                || CALENDAR.contains(w)
        }) {
            continue;
        }
        if content().any(|i| toks.tokens[i].case == Case::Upper && toks.word(i).len() <= 4) {
            continue; // acronyms
        }
        if sentence_initial(toks, ts) && !toks.tokens[ts].article {
            // a capitalised first word is no evidence; demand a following cue
            if !PLACE_AFTER.contains(toks.word(te)) {
                continue;
            }
        }
        let last = &toks.tokens[te - 1];
        if last.next_char == '-' && ADJECTIVE_SUFFIXES.contains(&toks.word(te)) {
            continue;
        }
        if last.possessive {
            continue;
        }
        if ts > 0 && PERSON_TITLES.contains(toks.word(ts - 1)) {
            continue;
        }
        if (te..e).any(|i| ORG_HEADS.contains(toks.word(i))) {
            continue;
        }
        // a person: "Halgurd Hikmat, a spokesman for ...", "Masoud Barzani said"
        let after = |j: usize| {
            toks.tokens
                .get(j)
                .filter(|t| t.sentence == toks.tokens[ts].sentence)
                .map_or("", |_| toks.word(j))
        };
        let described = last.next_char == ','
            && (PERSON_TITLES.contains(after(te))
                || (matches!(after(te), "a" | "an" | "the")
                    && (te + 1..te + 4).any(|j| PERSON_TITLES.contains(after(j)))));
        if described || matches!(after(te), "said" | "says" | "told") {
            continue;
        }
        if strong_context(text, toks, ts, te) {
            out.push(Span {
                ts,
                te,
                places: None,
            });
        }
    }
    out
}

/// The two words before token `ts` in its sentence, nearest first, skipping "the" ("" where the
/// sentence has none): found in one walk back.
fn prev_words(toks: &Tokens, ts: usize) -> [&str; 2] {
    let s = toks.tokens[ts].sentence;
    let mut out = [""; 2];
    let mut found = 0;
    for k in (0..ts).rev() {
        if toks.tokens[k].sentence != s {
            break;
        }
        let w = toks.word(k);
        if w == "the" {
            continue;
        }
        out[found] = w;
        found += 1;
        if found == out.len() {
            break;
        }
    }
    out
}

/// A quotation mark between token `a` and the next: a list does not run across it
/// ("We have liberated Sinjar," Masoud Barzani told reporters).
fn quote_after(text: &str, toks: &Tokens, a: usize) -> bool {
    match (toks.tokens.get(a), toks.tokens.get(a + 1)) {
        (Some(x), Some(y)) => text[x.end..y.start].contains(['"', '\u{201c}', '\u{201d}']),
        _ => false,
    }
}

fn strong_context(text: &str, toks: &Tokens, ts: usize, te: usize) -> bool {
    let [p1, p2] = prev_words(toks, ts);
    if (p1 == "of" && PLACE_OF.contains(p2))
        || matches!(p1, "neighbouring" | "neighboring" | "nearby" | "adjacent")
    {
        return true;
    }
    let next = toks.word(te);
    if PLACE_AFTER.contains(next) {
        return true;
    }
    if CONTROL_VERBS.contains(p1) {
        return true;
    }
    // members of a list: "A, B and C districts", "cleared A, B and the C area"
    let s = toks.tokens[ts].sentence;
    let sent = &toks.sentences[s];
    let mut j = te;
    let mut hops = 0;
    while j < sent.tok_end && hops < 6 {
        let w = toks.word(j);
        if PLACE_AFTER.contains(w) {
            return true;
        }
        if quote_after(text, toks, j) {
            break;
        }
        if !(w == "and"
            || w == "the"
            || w == "or"
            || is_cap_like(&toks.tokens[j])
            || toks.tokens[j].article)
        {
            break;
        }
        j += 1;
        hops += 1;
    }
    let mut j = ts;
    let mut hops = 0;
    while j > sent.tok_start && hops < 8 {
        j -= 1;
        if quote_after(text, toks, j) {
            break;
        }
        let w = toks.word(j);
        if CONTROL_VERBS.contains(w) {
            return true;
        }
        if !(w == "and"
            || w == "the"
            || w == "or"
            || is_cap_like(&toks.tokens[j])
            || toks.tokens[j].article)
        {
            break;
        }
        hops += 1;
    }
    matches!(
        p1,
        "in" | "near" | "outside" | "around" | "into" | "towards" | "toward" | "inside"
    ) && !sentence_initial(toks, ts)
}

fn cue_kind(toks: &Tokens, ts: usize, te: usize) -> Option<Kind> {
    // inside the span: a trailing cue word that is part of the name
    for k in (ts + 1..te).rev() {
        if let Some(kc) = kind_cue(toks.word(k)) {
            return Some(kc);
        }
    }
    let next = toks.word(te);
    if next == "border" && toks.word(te + 1) == "crossing" {
        return Some(Kind::BorderCrossing);
    }
    if let Some(k) = kind_cue(next) {
        return Some(k);
    }
    let [p1, p2] = prev_words(toks, ts);
    if p1 == "of" {
        if let Some(k) = kind_cue(p2) {
            return Some(k);
        }
    }
    if matches!(p1, "mount" | "jabal" | "jebel") {
        return Some(Kind::Mountain);
    }
    if matches!(p1, "town" | "village" | "city") {
        return kind_cue(p1);
    }
    // a cue after a list of names: "Se'da, Karabla and Husaibah, districts that ..."
    let sent = toks.tokens[ts].sentence;
    let mut j = te;
    while j < toks.tokens.len() && toks.tokens[j].sentence == sent && j < te + 8 {
        let t = &toks.tokens[j];
        let w = toks.folded_of(t);
        if let Some(k) = kind_cue(w) {
            return (k != Kind::City).then_some(k);
        }
        if !(t.is_cap() || t.article || matches!(w, "and" | "or" | "the")) {
            break;
        }
        j += 1;
    }
    None
}

/// The candidates and match quality of a name as written and its key pattern.
type LookedUp<'a> = HashMap<(Option<usize>, &'a str), (Rc<[u32]>, Option<MatchQuality>)>;

/// The mention of span `s`: a gazetteer span brings its candidates, and `looked_up` keeps those
/// of each other name as written, as the same name recurs in an article.
fn make_mention<'a>(
    text: &'a str,
    toks: &Tokens,
    s: &Span,
    gaz: &Gazetteer,
    looked_up: &mut LookedUp<'a>,
    keys: &mut NameKeys<'a>,
) -> Mention {
    let start = toks.tokens[s.ts].start;
    let end = toks.tokens[s.te - 1].end;
    let written = &text[start..end];
    let (candidates, quality) = match &s.places {
        // a gazetteer name: what recognition found (no match quality: not a fuzzy match)
        Some(places) => (places.to_vec(), None),
        None => {
            let (candidates, quality) = looked_up.entry((None, written)).or_insert_with(|| {
                let (candidates, quality) = fuzzy_candidates(written, gaz, keys);
                (candidates.into(), quality)
            });
            (candidates.to_vec(), *quality)
        }
    };
    Mention {
        start,
        end,
        tok_start: s.ts,
        tok_end: s.te,
        sentence: toks.tokens[s.ts].sentence,
        text: written.to_string(),
        place: None,
        quality,
        candidates,
        resolution: "unresolved".into(),
        confidence: 0.0,
        kind_hint: cue_kind(toks, s.ts, s.te),
        point: None,
        precision_km: 0.0,
        part_of: None,
    }
}

/// [`spelled_like`] of names as written: by name, then gazetteer ([`Gazetteer::uid`]) and key
/// pattern.
/// (Shared lists: a known name's places are handed out without copying them.)
type Spelled = HashMap<Box<str>, Vec<(u64, usize, Rc<[u32]>)>>;

thread_local! {
    /// The names as written that recognition has checked on this thread: the same names recur
    /// from article to article.
    static SPELLED: std::cell::RefCell<Spelled> = std::cell::RefCell::new(HashMap::default());
}

/// [`spelled_like`], remembered for the thread.
fn spelled_like_cached<'a>(
    written: &'a str,
    pattern: usize,
    gaz: &Gazetteer,
    keys: &mut NameKeys<'a>,
) -> Rc<[u32]> {
    let uid = gaz.uid();
    SPELLED.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(known) = cache.get(written).and_then(|v| {
            v.iter()
                .find(|(g, p, _)| *g == uid && *p == pattern)
                .map(|(_, _, places)| places.clone())
        }) {
            return known;
        }
        let places: Rc<[u32]> = spelled_like(written, pattern, gaz, keys).into();
        if cache.len() >= NAMES_REMEMBERED {
            cache.clear();
        }
        cache
            .entry(written.into())
            .or_default()
            .push((uid, pattern, places.clone()));
        places
    })
}

/// The places of key `pattern` with a name spelled like `written`.
fn spelled_like<'a>(
    written: &'a str,
    pattern: usize,
    gaz: &Gazetteer,
    keys: &mut NameKeys<'a>,
) -> Vec<u32> {
    gaz.places_similar(gaz.key_places(pattern), keys.exact(written), MIN_SIMILARITY)
}

/// The places a name the gazetteer lacks may mean, by its consonant skeleton (a last resort),
/// with the match quality when there are any.
fn fuzzy_candidates<'a>(
    written: &'a str,
    gaz: &Gazetteer,
    keys: &mut NameKeys<'a>,
) -> (Vec<u32>, Option<MatchQuality>) {
    let sk = skeleton(keys.loose(written));
    if sk.chars().count() >= 4 {
        let candidates = gaz.places_similar(gaz.fuzzy(&sk), keys.exact(written), 0.6);
        if !candidates.is_empty() {
            return (candidates, Some(MatchQuality::Fuzzy));
        }
    }
    (Vec::new(), None)
}

/// Countries the article names, or implies with adjectives (Syrian, Iraqi).
/// `adjective_countries`: those of the article's country adjectives (see [`scan_words`]).
fn article_countries(
    adjective_countries: &[&str],
    mentions: &[Mention],
    gaz: &Gazetteer,
) -> Vec<String> {
    let mut set: Vec<String> = Vec::new();
    for m in mentions {
        for &c in &m.candidates {
            let p = gaz.place(c);
            if p.kind == Kind::Country {
                if let Some(cc) = &p.country {
                    if !set.contains(cc) {
                        set.push(cc.clone());
                    }
                }
            }
        }
    }
    for &cc in adjective_countries {
        if !set.iter().any(|c| c == cc) {
            set.push(cc.to_string());
        }
    }
    set
}

fn kind_matches(hint: Kind, k: Kind) -> bool {
    hint == k
        || (matches!(hint, Kind::Town | Kind::City | Kind::Village)
            && matches!(k, Kind::Town | Kind::City | Kind::Village))
}

/// A candidate reading of a group of mentions: score, place, reasons, exact spelling, and the
/// distance to the nearest anchor when the anchor bonus computed it.
type Scored = (f64, u32, Vec<&'static str>, bool, Option<f64>);

/// Picks a place for every mention with candidates; one sense per name and cue in an article.
/// `text` is the article's text (the mentions' spans index it), `keys` its names' keys.
fn resolve<'a>(
    text: &'a str,
    mentions: &mut [Mention],
    countries: &[String],
    gaz: &Gazetteer,
    keys: &mut NameKeys<'a>,
) {
    // governorates named in the article
    let mut governorates: Vec<u32> = Vec::new();
    for m in mentions.iter() {
        for &c in &m.candidates {
            if gaz.place(c).kind == Kind::Governorate && !governorates.contains(&c) {
                governorates.push(c);
            }
        }
    }
    // a name of one of them (looked through when asked: a set of all their names costs more to
    // build than the few questions cost)
    let admin_named = |a: &str| {
        governorates.iter().any(|&g| {
            let g = gaz.place(g);
            g.name == a || g.names.iter().any(|n| n == a)
        })
    };
    let prior = |m: &Mention, p: &Place, exact: bool| -> (f64, Vec<&'static str>) {
        let mut s = p.importance();
        let mut why = Vec::new();
        if exact {
            s += 0.25;
        }
        if let Some(h) = m.kind_hint {
            if kind_matches(h, p.kind) {
                s += 0.6;
                why.push("kind");
            } else if h == Kind::Other && matches!(p.kind, Kind::Village | Kind::Town) {
                s -= 0.3;
            }
        }
        if p.in_iraq_or_syria() {
            s += 0.4;
        }
        if let Some(cc) = &p.country {
            if p.kind != Kind::Country && countries.iter().any(|c| c == cc) {
                s += 0.25;
                why.push("country");
            }
        }
        if p.admin1.as_ref().is_some_and(|a| admin_named(a)) && p.kind != Kind::Governorate {
            s += 0.3;
            why.push("governorate");
        }
        (s, why)
    };
    // first pass: anchors from mentions with one plausible reading
    let mut anchors: Vec<CosPoint> = Vec::new();
    for m in mentions.iter() {
        if m.candidates.len() == 1 {
            let p = gaz.place(m.candidates[0]);
            if p.kind.is_pointlike() && p.in_iraq_or_syria() {
                anchors.push(CosPoint::new(p.lat, p.lon));
            }
        }
    }
    let anchors = NearestOf::new(anchors);
    // the bonus, and the distance to the nearest anchor (None when not computed)
    let anchor_bonus = |p: &Place| -> (f64, Option<f64>) {
        if anchors.is_empty() || !p.kind.is_pointlike() {
            return (0.0, None);
        }
        // the nearest anchor but the place itself
        let (all, nearest) = anchors.nearest(&CosPoint::new(p.lat, p.lon));
        let bonus = match nearest {
            Some(d) => 0.6 * (-d / 60.0).exp(),
            None => 0.0,
        };
        (bonus, Some(all))
    };
    // group by loose key + kind hint: one sense per discourse
    // (the text of a mention is `text[m.start..m.end]`)
    let mut groups: HashMap<(Rc<str>, Option<Kind>), Vec<usize>> =
        HashMap::with_capacity_and_hasher(mentions.len(), Default::default());
    for (i, m) in mentions.iter().enumerate() {
        if !m.candidates.is_empty() {
            groups
                .entry((
                    keys.loose(&text[m.start..m.end]).clone(),
                    m.kind_hint.filter(|k| *k != Kind::Town),
                ))
                .or_default()
                .push(i);
        }
    }
    let mut group_order: Vec<_> = groups.keys().cloned().collect();
    group_order.sort();
    for key in group_order {
        let idxs = &groups[&key];
        let m0 = &mentions[idxs[0]];
        // the group's names as written, each once
        let mut written: Vec<&str> = Vec::new();
        for &i in idxs {
            let w = &text[mentions[i].start..mentions[i].end];
            if !written.contains(&w) {
                written.push(w);
            }
        }
        // the places with a name of each of their exact keys (one look-up a key, not one a key
        // and candidate)
        let exact_places: Vec<&[u32]> = written.iter().map(|w| gaz.exact(keys.exact(w))).collect();
        let mut scored: Vec<Scored> = m0
            .candidates
            .iter()
            .map(|&c| {
                let p = gaz.place(c);
                let exact = exact_places.iter().any(|places| places.contains(&c));
                let (mut s, mut why) = prior(m0, p, exact);
                let (ab, nearest) = anchor_bonus(p);
                if ab > 0.15 {
                    why.push("near");
                }
                s += ab;
                (s, c, why, exact, nearest)
            })
            .collect();
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| gaz.place(a.1).id.cmp(&gaz.place(b.1).id))
        });
        let (best_s, best, ref why, exact, best_nearest) = scored[0];
        let second = scored.get(1).map(|x| x.0);
        let p = gaz.place(best);
        let base_quality = m0.quality.unwrap_or(if exact {
            MatchQuality::Exact
        } else {
            MatchQuality::Alias
        });
        let margin = second
            .map(|s2| ((best_s - s2) / 0.6).clamp(0.0, 1.0))
            .unwrap_or(1.0);
        let mut conf = base_quality.factor() * (0.7 + 0.3 * margin);
        if base_quality == MatchQuality::Alias && key.0.len() <= 4 {
            conf *= 0.85;
        }
        // context chose among readings when it gave the best one a reason (whether the bare
        // importance order would have chosen otherwise does not matter: the reason is there)
        let resolution = if scored.len() > 1 && !why.is_empty() {
            // `context:` and the reasons joined by '+', written into one string
            let mut r = String::with_capacity(40);
            r.push_str("context:");
            for (k, w) in why.iter().enumerate() {
                if k > 0 {
                    r.push('+');
                }
                r.push_str(w);
            }
            r
        } else {
            base_quality.as_str().to_string()
        };
        // a reading far from every other place of the article, and no more than a village or a
        // loose spelling, is a collision: leave the name to the context
        let far = !anchors.is_empty()
            && p.kind != Kind::Country
            && (base_quality != MatchQuality::Exact
                || matches!(p.kind, Kind::Village | Kind::Other | Kind::Mountain))
            && best_nearest.unwrap_or_else(|| anchors.nearest(&CosPoint::new(p.lat, p.lon)).0)
                > FAR_KM;
        if far {
            for &i in idxs {
                mentions[i].resolution = format!("unresolved:far reading {}", p.id);
            }
            continue;
        }
        for &i in idxs {
            let m = &mut mentions[i];
            m.place = Some(best);
            m.quality = Some(base_quality);
            // (into the string the mention has: no allocation for most)
            m.resolution.clone_from(&resolution);
            m.confidence = (conf * 1000.0).round() / 1000.0;
            m.point = Some((p.lat, p.lon));
            m.precision_km = p.kind.extent_km();
        }
    }
    // a governorate-kind reading when the text says "X province" is kept; a district or other cue
    // that matched only a town keeps the town's point, which is where the district's seat is.
}

/// Names the gazetteer lacks, with a cue that makes them part of a city or town named close by
/// (the Citadel and Basatin districts, al-Rabia neighbourhood, districts that belong to al-Qaim):
/// placed at that place with a wider precision, resolution `context:part_of`.
fn place_by_context(text: &str, toks: &Tokens, mentions: &mut [Mention], gaz: &Gazetteer) {
    let _ = text;
    let n = mentions.len();
    for i in 0..n {
        let m = &mentions[i];
        let local_cue = matches!(m.kind_hint, Some(Kind::Other) | Some(Kind::District))
            || m.kind_hint.is_none();
        let hint_mismatch = match (m.place, m.kind_hint) {
            (Some(p), Some(h @ (Kind::Other | Kind::District))) => gaz.place(p).kind != h,
            _ => false,
        };
        let far_from_named_container = m.place.is_some_and(|p| {
            let p = gaz.place(p);
            mentions.iter().any(|o| {
                o.sentence == m.sentence
                    && o.tok_start > m.tok_end
                    && o.tok_start <= m.tok_end + 10
                    && (m.tok_end..o.tok_start)
                        .any(|k| matches!(toks.word(k), "belong" | "belonging"))
                    && o.point
                        .is_some_and(|(la, lo)| haversine_km(p.lat, p.lon, la, lo) > 30.0)
            })
        });
        let needs = (m.place.is_none() && local_cue) || hint_mismatch || far_from_named_container;
        if !needs {
            continue;
        }
        let s = m.sentence;
        // an explicit container: "districts that belong to al-Qaim", "... of Tal Afar"
        let sent = &toks.sentences[s];
        let mut container: Option<usize> = None;
        for (j, o) in mentions.iter().enumerate() {
            if j == i || o.sentence != s || o.place.is_none() || o.part_of.is_some() {
                continue;
            }
            let op = gaz.place(o.place.unwrap_or(0));
            if !matches!(op.kind, Kind::City | Kind::Town) {
                continue;
            }
            if o.tok_start > m.tok_end {
                let between: Vec<&str> = (m.tok_end..o.tok_start).map(|k| toks.word(k)).collect();
                if between
                    .iter()
                    .any(|w| matches!(*w, "belong" | "belonging" | "of" | "in"))
                    && between.len() <= 8
                {
                    container = Some(j);
                    break;
                }
            }
        }
        // else the last city or town named in this or the six sentences before, preferring cities
        // ('the neighbouring X': the last place named)
        let [p1, _] = prev_words(toks, m.tok_start);
        let neighbouring = matches!(p1, "neighbouring" | "neighboring" | "nearby" | "adjacent");
        if container.is_none() {
            let mut best: Option<(usize, i32)> = None;
            for (j, o) in mentions.iter().enumerate() {
                if j == i
                    || o.place.is_none()
                    || o.part_of.is_some()
                    || o.sentence > s
                    || o.sentence + 6 < s
                {
                    continue;
                }
                if o.sentence == s && o.tok_start > m.tok_start {
                    continue;
                }
                let op = gaz.place(o.place.unwrap_or(0));
                if !op.in_iraq_or_syria() {
                    continue;
                }
                let rank = match op.kind {
                    _ if neighbouring && o.sentence + 1 >= s => 4,
                    Kind::City => 3,
                    Kind::Town => 2,
                    Kind::Village | Kind::Other | Kind::BorderCrossing if o.sentence + 1 >= s => 1,
                    _ => continue,
                };
                if best.is_none_or(|(bj, br)| {
                    rank > br || (rank == br && mentions[bj].start < o.start)
                }) {
                    best = Some((j, rank));
                }
            }
            container = best.map(|(j, _)| j);
        }
        let _ = sent;
        let Some(cj) = container else { continue };
        let Some(cp) = mentions[cj].place else {
            continue;
        };
        let cplace = gaz.place(cp);
        // only for names in a place context strong enough to be parts of places
        let m = &mut mentions[i];
        if m.place.is_some() {
            // a far-away reading of a neighbourhood name: the local reading wins if close
            let p = gaz.place(m.place.unwrap_or(0));
            let d = haversine_km(p.lat, p.lon, cplace.lat, cplace.lon);
            if d < 15.0 || !matches!(cplace.kind, Kind::City | Kind::Town) {
                continue;
            }
        }
        m.place = None;
        m.part_of = Some(cp);
        m.point = Some((cplace.lat, cplace.lon));
        m.precision_km = cplace.kind.extent_km().max(5.0);
        m.resolution = format!("context:part_of {}", cplace.name);
        m.confidence = 0.45;
    }
}

#[cfg(test)]
mod tests;
