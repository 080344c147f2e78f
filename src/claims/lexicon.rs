//! The claim extractor's word lists, read from data files: the actor registry
//! (`gazetteer/actors.tsv`) and the event, attribution, hedge and negation lists
//! (`src/claims/lexicon/*.tsv`). Adding a verb or an alias is a one-line change there.
//!
//! Phrases are matched on folded tokens (see `geoparse::text`), longest first.

use std::sync::OnceLock;

use crate::gazetteer::fxhash::FxHashMap;
use crate::gazetteer::normalize::{fold, is_word_char};
use crate::geoparse::text::Tokens;

pub const ACTORS_TSV: &str = include_str!("../../gazetteer/actors.tsv");
pub const EVENTS_TSV: &str = include_str!("lexicon/events.tsv");
pub const ATTRIBUTION_TSV: &str = include_str!("lexicon/attribution.tsv");
pub const HEDGES_TSV: &str = include_str!("lexicon/hedges.tsv");
pub const NEGATIONS_TSV: &str = include_str!("lexicon/negations.tsv");
pub const ERAS_TSV: &str = include_str!("lexicon/eras.tsv");

/// The canonical actor ids of the output contract.
pub const CANONICAL_ACTORS: &[&str] = &[
    "islamic_state",
    "pmf",
    "iraqi_forces",
    "peshmerga",
    "kurdistan_region",
    "sdf",
    "syrian_government",
    "syrian_rebels",
    "us_coalition",
    "iran",
    "iran_backed_foreign",
    "russia",
    "turkey",
    "ybs",
    "pkk",
    "hts",
    "unknown",
];

/// Classes of actor words resolved in context.
pub const ACTOR_CLASSES: &[&str] = &[
    "@state_forces",
    "@kurdish",
    "@shia_militia",
    "@us_backed",
    "@militants",
    "@anaphor",
    "@both",
];

/// A claim type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClaimType {
    Captured,
    Lost,
    Held,
    Contested,
}

impl ClaimType {
    pub fn parse(s: &str) -> Option<ClaimType> {
        Some(match s {
            "captured" => ClaimType::Captured,
            "lost" => ClaimType::Lost,
            "held" => ClaimType::Held,
            "contested" => ClaimType::Contested,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimType::Captured => "captured",
            ClaimType::Lost => "lost",
            ClaimType::Held => "held",
            ClaimType::Contested => "contested",
        }
    }
}

/// Where actor and place stand around an event word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Act,
    Expel,
    Fall,
    Lose,
    Adj,
    By,
    Hands,
    Under,
    Nom,
    Capital,
}

impl Form {
    pub fn parse(s: &str) -> Option<Form> {
        Some(match s {
            "act" => Form::Act,
            "expel" => Form::Expel,
            "fall" => Form::Fall,
            "lose" => Form::Lose,
            "adj" => Form::Adj,
            "by" => Form::By,
            "hands" => Form::Hands,
            "under" => Form::Under,
            "nom" => Form::Nom,
            "capital" => Form::Capital,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Event {
    pub claim_type: ClaimType,
    pub form: Form,
}

#[derive(Debug, Clone)]
pub struct Alias {
    pub actor: String,
    /// The alias as written, for case-exact aliases.
    pub exact: Option<Vec<String>>,
}

/// A word's id among all the words of the lexicon's phrases ([`Lexicon::word_id`]), or
/// [`NO_WORD`]: what [`PhraseSet::matches_ids`] matches phrases by.
pub type WordId = u32;

/// The [`WordId`] of a word in no phrase.
pub const NO_WORD: WordId = u32::MAX;

/// The group of a [`WordId`] that starts none of a set's phrases.
const NO_GROUP: u32 = u32::MAX;

/// A phrase of a [`PhraseSet`]: its folded tokens, their [`WordId`]s and its item.
#[derive(Debug)]
struct Phrase {
    toks: Vec<String>,
    ids: Vec<WordId>,
    item: usize,
}

/// Sequences of folded tokens → payload indices, longest first.
#[derive(Debug)]
pub struct PhraseSet<T> {
    /// The phrases, grouped by first word, each group longest first.
    groups: Vec<Vec<Phrase>>,
    /// First word → its group.
    by_first: FxHashMap<String, u32>,
    /// The lexicon's [`WordId`] → the group it starts, [`NO_GROUP`] for none.
    by_id: Vec<u32>,
    /// A bit per (first two bytes, last byte, length) of the first words, hashed into 4096
    /// bits: a word whose bit is clear starts no phrase, and is not looked up.
    first_filter: [u64; 64],
    /// Each group's first phrase of one word (the group's length when none): the phrases
    /// from there on match whatever word follows.
    singles: Vec<u32>,
    /// A bit per [`WordId`]s of the first two words of the phrases of two words or more
    /// ([`pair_bit`]): when the bit of two words is clear, only the one-word phrases of the
    /// first can match at it. ("the" starts fifteen actors, which most "the"s are none of.)
    pairs: [u64; PAIR_WORDS],
    pub items: Vec<T>,
}

/// The number of words of [`PhraseSet::pairs`] (16384 bits).
const PAIR_WORDS: usize = 256;

/// The bit of the words `a`, `b` in [`PhraseSet::pairs`]: (word, mask).
#[inline(always)]
fn pair_bit(a: WordId, b: WordId) -> (usize, u64) {
    let x = (a.wrapping_mul(0x9e37_79b1).rotate_left(16) ^ b).wrapping_mul(0x85eb_ca6b);
    let k = (x >> 18) as usize; // 14 bits
    (k / 64, 1 << (k % 64))
}

/// A word's first sixteen bytes as two little-endian numbers (zero past its end) and its
/// length: what [`Lexicon::word_id`] looks a word up by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WordKey {
    lo: u64,
    hi: u64,
    len: usize,
}

impl WordKey {
    /// The key of `word`, byte by byte.
    fn of(word: &[u8]) -> WordKey {
        let (mut lo, mut hi) = (0u64, 0u64);
        for (i, &b) in word.iter().take(16).enumerate() {
            if i < 8 {
                lo |= u64::from(b) << (8 * i);
            } else {
                hi |= u64::from(b) << (8 * (i - 8));
            }
        }
        WordKey {
            lo,
            hi,
            len: word.len(),
        }
    }

    /// The key of the word `buf[start..start + len]`, read as one sixteen-byte number when
    /// sixteen bytes from `start` lie in `buf` (the bytes after the word masked off): the
    /// same as [`WordKey::of`].
    #[inline(always)]
    fn at(buf: &[u8], start: usize, len: usize) -> WordKey {
        match buf.get(start..).and_then(|r| r.first_chunk::<16>()) {
            Some(chunk) => {
                let x = u128::from_le_bytes(*chunk) & KEY_MASKS[len.min(16)];
                WordKey {
                    lo: x as u64,
                    hi: (x >> 64) as u64,
                    len,
                }
            }
            None => WordKey::of(buf.get(start..start + len).unwrap_or(&[])),
        }
    }

    /// The slot the key's search in a table of `mask + 1` slots starts at.
    #[inline(always)]
    fn slot(self, mask: usize) -> usize {
        let x = self.lo ^ self.hi.rotate_left(29) ^ self.len as u64;
        (x.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as usize & mask
    }
}

/// The low `n` bytes of a sixteen-byte number, for `n` up to 16.
const KEY_MASKS: [u128; 17] = {
    let mut m = [0u128; 17];
    let mut n = 1;
    while n <= 16 {
        m[n] = u128::MAX >> (8 * (16 - n));
        n += 1;
    }
    m
};

/// A slot of [`Lexicon::word_id`]'s table: a word's key and id, or [`NO_WORD`] for none.
#[derive(Debug, Clone, Copy)]
struct VocabSlot {
    key: WordKey,
    id: WordId,
}

/// The [`WordId`] of a folded word of key `key` in the table of [`Lexicon::index_words`]
/// (`vocab` its words): [`NO_WORD`] unless it is there. (`word` is compared in full only when
/// longer than its key.)
#[inline(always)]
fn vocab_id(table: &[VocabSlot], vocab: &[String], key: WordKey, word: &[u8]) -> WordId {
    let mask = table.len().wrapping_sub(1);
    let mut k = key.slot(mask);
    // (the table is at most a quarter full: a free slot ends the search)
    loop {
        let Some(e) = table.get(k) else {
            return NO_WORD;
        };
        if e.id == NO_WORD
            || e.key == key
                && (key.len <= 16
                    || vocab
                        .get(e.id as usize)
                        .is_some_and(|v| v.as_bytes() == word))
        {
            return e.id;
        }
        k = (k + 1) & mask;
    }
}

/// The bit of `word` in [`PhraseSet::first_filter`].
#[inline(always)]
fn filter_bit(word: &str) -> (usize, u64) {
    let b = word.as_bytes();
    let byte = |i: usize| u32::from(b.get(i).copied().unwrap_or(0));
    let x = byte(0)
        | byte(1) << 8
        | byte(b.len().saturating_sub(1)) << 16
        | (b.len() as u32 & 0xff) << 24;
    let k = (x.wrapping_mul(0x9e37_79b1) >> 20) as usize; // 12 bits
    (k / 64, 1 << (k % 64))
}

impl<T> Default for PhraseSet<T> {
    fn default() -> Self {
        PhraseSet {
            groups: Vec::new(),
            by_first: FxHashMap::default(),
            by_id: Vec::new(),
            first_filter: [0; 64],
            singles: Vec::new(),
            pairs: [0; PAIR_WORDS],
            items: Vec::new(),
        }
    }
}

/// Splits a phrase into its tokens as written (the tokenizer's rules: words, apostrophes inside).
pub fn raw_tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let apos_inside = matches!(c, '\'' | '\u{2019}')
            && !cur.is_empty()
            && chars.get(i + 1).is_some_and(|n| is_word_char(*n));
        if is_word_char(c) || apos_inside {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    // possessive 's is a separate mark in the tokenizer
    out.iter()
        .map(|t| {
            t.strip_suffix("'s")
                .or_else(|| t.strip_suffix("\u{2019}s"))
                .filter(|s| s.chars().count() > 1)
                .unwrap_or(t)
                .to_string()
        })
        .collect()
}

impl<T> PhraseSet<T> {
    /// Adds a phrase. (The sets are filled by [`Lexicon::parse`], which then numbers their
    /// words for [`PhraseSet::matches_ids`].)
    pub fn insert(&mut self, phrase: &str, item: T) {
        let toks: Vec<String> = raw_tokens(phrase).iter().map(|t| fold(t)).collect();
        if toks.is_empty() {
            return;
        }
        let idx = self.items.len();
        self.items.push(item);
        let (w, bit) = filter_bit(&toks[0]);
        self.first_filter[w] |= bit;
        let groups = &mut self.groups;
        let g = *self.by_first.entry(toks[0].clone()).or_insert_with(|| {
            groups.push(Vec::new());
            (groups.len() - 1) as u32
        });
        let v = &mut self.groups[g as usize];
        v.push(Phrase {
            toks,
            ids: Vec::new(),
            item: idx,
        });
        v.sort_by_key(|p| std::cmp::Reverse(p.toks.len()));
    }

    /// Phrases that match at token `i` of `words` (folded), longest first: (length, item index).
    #[inline(always)]
    pub fn matches_at<'a>(
        &'a self,
        words: &'a [&str],
        i: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        let first = words.get(i).copied().unwrap_or("");
        let (w, bit) = filter_bit(first);
        // most words start no phrase: their bit is clear, and nothing is called
        let phrases: &[Phrase] = if self.first_filter[w] & bit != 0 {
            self.phrases_under(first)
        } else {
            &[]
        };
        // the phrases under `first` start with it: the rest of their words are compared
        phrases
            .iter()
            .filter(move |p| {
                p.toks.len() <= words.len() - i
                    && p.toks[1..].iter().zip(&words[i + 1..]).all(|(a, b)| a == b)
            })
            .map(|p| (p.toks.len(), p.item))
    }

    /// Some phrase of the set starts with the word of `id`: what [`PhraseSet::matches_ids`] asks
    /// first (most words start none).
    #[inline(always)]
    pub fn may_start(&self, id: WordId) -> bool {
        self.by_id.get(id as usize).is_some_and(|&g| g != NO_GROUP)
    }

    /// [`PhraseSet::matches_at`] on the [`WordId`]s of the words (of the lexicon the
    /// set belongs to).
    #[inline(always)]
    pub fn matches_ids<'a>(
        &'a self,
        ids: &'a [WordId],
        i: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        let group = ids
            .get(i)
            .and_then(|&id| Some((id, *self.by_id.get(id as usize)?)));
        let phrases: &[Phrase] = match group {
            Some((id, g)) if g != NO_GROUP => {
                let phrases = &self.groups[g as usize];
                // no phrase starts with this word and the next: only the one-word ones can match
                let next = ids.get(i + 1).copied().unwrap_or(NO_WORD);
                let (w, bit) = pair_bit(id, next);
                if self.pairs[w] & bit != 0 {
                    phrases
                } else {
                    phrases
                        .get(self.singles[g as usize] as usize..)
                        .unwrap_or(&[])
                }
            }
            _ => &[],
        };
        // equal words, equal ids: the rest of the phrase's ids are compared
        phrases
            .iter()
            .filter(move |p| {
                p.ids.len() <= ids.len() - i
                    && p.ids[1..].iter().zip(&ids[i + 1..]).all(|(a, b)| a == b)
            })
            .map(|p| (p.ids.len(), p.item))
    }

    /// Gives the phrases the ids of their words, and each id the group it starts.
    fn index_words(&mut self, vocab: &FxHashMap<String, WordId>) {
        self.by_id = vec![NO_GROUP; vocab.len()];
        for (first, &g) in &self.by_first {
            self.by_id[vocab[first] as usize] = g;
        }
        for p in self.groups.iter_mut().flatten() {
            p.ids = p.toks.iter().map(|t| vocab[t]).collect();
            if let [a, b, ..] = p.ids[..] {
                let (w, bit) = pair_bit(a, b);
                self.pairs[w] |= bit;
            }
        }
        // (each group is longest first: its one-word phrases are its last)
        self.singles = (self.groups.iter())
            .map(|v| v.iter().position(|p| p.ids.len() == 1).unwrap_or(v.len()) as u32)
            .collect();
    }

    /// Every word of the phrases.
    fn words(&self) -> impl Iterator<Item = &String> {
        self.groups.iter().flatten().flat_map(|p| &p.toks)
    }
}

impl<T> PhraseSet<T> {
    /// The phrases whose first word is `first`, longest first.
    #[inline(never)]
    fn phrases_under(&self, first: &str) -> &[Phrase] {
        self.by_first
            .get(first)
            .map_or(&[], |&g| self.groups[g as usize].as_slice())
    }
}

/// All word lists.
pub struct Lexicon {
    pub actors: PhraseSet<Alias>,
    pub events: PhraseSet<Event>,
    /// certainty ("claimed"/"denied") and whether the party stands to the right
    pub attribution: PhraseSet<(String, bool)>,
    pub hedges: PhraseSet<()>,
    pub negations: PhraseSet<()>,
    /// cue → (actor, year): an undated past state of the actor ("once held")
    pub eras: PhraseSet<(String, i16)>,
    /// The words of all the phrases above, sorted: a word's [`WordId`] is its index.
    vocab: Vec<String>,
    /// The words' keys and ids by [`WordKey::slot`], the next free slot on a collision (a
    /// power of two at least four times the words).
    vocab_table: Vec<VocabSlot>,
}

fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

/// A problem in a lexicon file.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {msg}")]
pub struct LexiconError {
    pub file: &'static str,
    pub line: usize,
    pub msg: String,
}

impl Lexicon {
    /// Parses the bundled lists.
    pub fn parse() -> Result<Lexicon, LexiconError> {
        let mut lx = Lexicon {
            actors: PhraseSet::default(),
            events: PhraseSet::default(),
            attribution: PhraseSet::default(),
            hedges: PhraseSet::default(),
            negations: PhraseSet::default(),
            eras: PhraseSet::default(),
            vocab: Vec::new(),
            vocab_table: Vec::new(),
        };
        for (line, f) in rows(ACTORS_TSV) {
            let err = |msg: String| LexiconError {
                file: "gazetteer/actors.tsv",
                line,
                msg,
            };
            if f.len() < 3 {
                return Err(err("expected actor<TAB>alias<TAB>case".into()));
            }
            let actor = f[0].trim();
            if !CANONICAL_ACTORS.contains(&actor) && !ACTOR_CLASSES.contains(&actor) {
                return Err(err(format!("unknown actor id {actor:?}")));
            }
            let exact = match f[2].trim() {
                "exact" => Some(raw_tokens(f[1])),
                "any" => None,
                c => return Err(err(format!("case must be exact or any, not {c:?}"))),
            };
            lx.actors.insert(
                f[1],
                Alias {
                    actor: actor.to_string(),
                    exact,
                },
            );
        }
        for (line, f) in rows(EVENTS_TSV) {
            let err = |msg: String| LexiconError {
                file: "src/claims/lexicon/events.tsv",
                line,
                msg,
            };
            if f.len() < 3 {
                return Err(err("expected pattern<TAB>claim_type<TAB>form".into()));
            }
            let claim_type = ClaimType::parse(f[1].trim())
                .ok_or_else(|| err(format!("bad claim_type {:?}", f[1])))?;
            let form =
                Form::parse(f[2].trim()).ok_or_else(|| err(format!("bad form {:?}", f[2])))?;
            lx.events.insert(f[0], Event { claim_type, form });
        }
        for (line, f) in rows(ATTRIBUTION_TSV) {
            let err = |msg: String| LexiconError {
                file: "src/claims/lexicon/attribution.tsv",
                line,
                msg,
            };
            if f.len() < 3
                || !matches!(f[1], "claimed" | "denied")
                || !matches!(f[2], "left" | "right")
            {
                return Err(err("expected word<TAB>claimed|denied<TAB>left|right".into()));
            }
            lx.attribution
                .insert(f[0], (f[1].to_string(), f[2] == "right"));
        }
        for (_, f) in rows(HEDGES_TSV) {
            lx.hedges.insert(f[0], ());
        }
        for (_, f) in rows(NEGATIONS_TSV) {
            lx.negations.insert(f[0], ());
        }
        for (line, f) in rows(ERAS_TSV) {
            let err = |msg: String| LexiconError {
                file: "src/claims/lexicon/eras.tsv",
                line,
                msg,
            };
            let year = f.get(2).and_then(|y| y.trim().parse::<i16>().ok());
            match (f.get(1).map(|a| a.trim()), year) {
                (Some(actor), Some(year)) if CANONICAL_ACTORS.contains(&actor) => {
                    lx.eras.insert(f[0], (actor.to_string(), year));
                }
                _ => return Err(err("expected cue<TAB>canonical actor<TAB>year".into())),
            }
        }
        lx.index_words();
        Ok(lx)
    }

    /// Numbers the words of all the sets' phrases ([`WordId`]) and gives the sets their ids.
    fn index_words(&mut self) {
        let mut words: Vec<String> = (self.actors.words())
            .chain(self.events.words())
            .chain(self.attribution.words())
            .chain(self.hedges.words())
            .chain(self.negations.words())
            .chain(self.eras.words())
            .cloned()
            .collect();
        words.sort();
        words.dedup();
        let ids: FxHashMap<String, WordId> = (words.iter().enumerate())
            .map(|(id, w)| (w.to_string(), id as WordId))
            .collect();
        self.actors.index_words(&ids);
        self.events.index_words(&ids);
        self.attribution.index_words(&ids);
        self.hedges.index_words(&ids);
        self.negations.index_words(&ids);
        self.eras.index_words(&ids);
        let mut table = vec![
            VocabSlot {
                key: WordKey::of(b""),
                id: NO_WORD,
            };
            (4 * words.len()).next_power_of_two()
        ];
        let mask = table.len() - 1;
        for (id, w) in words.iter().enumerate() {
            let key = WordKey::of(w.as_bytes());
            let mut k = key.slot(mask);
            while table[k].id != NO_WORD {
                k = (k + 1) & mask;
            }
            table[k] = VocabSlot {
                key,
                id: id as WordId,
            };
        }
        self.vocab_table = table;
        self.vocab = words;
    }

    /// The [`WordId`] of a folded word of key `key`: [`NO_WORD`] unless it is a word of some
    /// phrase. (`word` is compared in full only when longer than its key.)
    #[inline(always)]
    fn id_of(&self, key: WordKey, word: &[u8]) -> WordId {
        vocab_id(&self.vocab_table, &self.vocab, key, word)
    }

    /// The [`WordId`] of a folded word: [`NO_WORD`] unless it is a word of some phrase.
    pub fn word_id(&self, word: &str) -> WordId {
        self.id_of(WordKey::of(word.as_bytes()), word.as_bytes())
    }

    /// The folded words of the tokens ([`Tokens::folded_of`]) and their [`WordId`]s, the keys
    /// read from the buffer of folded words.
    pub fn token_words<'t>(&self, toks: &'t Tokens) -> (Vec<&'t str>, Vec<WordId>) {
        let buf = toks.folded.as_bytes();
        // (the table and the words borrowed once, out of the loop)
        let (table, vocab) = (self.vocab_table.as_slice(), self.vocab.as_slice());
        let words: Vec<&str> = toks.tokens.iter().map(|t| toks.folded_of(t)).collect();
        let ids = (toks.tokens.iter().zip(&words))
            // (a word out of the buffer is "", of length 0 from anywhere)
            .map(|(t, w)| {
                let key = WordKey::at(buf, t.fold_start as usize, w.len());
                vocab_id(table, vocab, key, w.as_bytes())
            })
            .collect();
        (words, ids)
    }

    /// The bundled lexicon, parsed once. It is compiled in and parsed by the tests: the
    /// `expect` cannot fail at run time.
    #[allow(clippy::expect_used)]
    pub fn bundled() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(|| Lexicon::parse().expect("the bundled lexicon parses (checked by tests)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_lexicon_parses() {
        let lx = Lexicon::parse().unwrap();
        assert!(lx.actors.items.len() > 200);
        assert!(lx.events.items.len() > 100);
    }

    /// Every actor row resolves: its alias, matched on its own tokens, gives its actor.
    #[test]
    fn every_alias_resolves_to_its_actor() {
        let lx = Lexicon::bundled();
        for (_, f) in rows(ACTORS_TSV) {
            let words: Vec<String> = raw_tokens(f[1]).iter().map(|t| fold(t)).collect();
            let w: Vec<&str> = words.iter().map(String::as_str).collect();
            let got: Vec<&str> = lx
                .actors
                .matches_at(&w, 0)
                .filter(|(n, _)| *n == w.len())
                .map(|(_, i)| lx.actors.items[i].actor.as_str())
                .collect();
            assert!(got.contains(&f[0]), "{} → {:?}", f[1], got);
        }
    }

    /// Every era row matches its own cue with its actor and year.
    #[test]
    fn every_era_cue_matches() {
        let lx = Lexicon::bundled();
        let mut n = 0;
        for (_, f) in rows(ERAS_TSV) {
            let words: Vec<String> = raw_tokens(f[0]).iter().map(|t| fold(t)).collect();
            let w: Vec<&str> = words.iter().map(String::as_str).collect();
            let ok = lx.eras.matches_at(&w, 0).any(|(n, i)| {
                n == w.len() && lx.eras.items[i].0 == f[1] && lx.eras.items[i].1.to_string() == f[2]
            });
            assert!(ok, "{}", f[0]);
            n += 1;
        }
        assert!(n >= 4);
    }

    /// Every event row matches its own pattern with its type.
    #[test]
    fn every_event_pattern_matches() {
        let lx = Lexicon::bundled();
        for (_, f) in rows(EVENTS_TSV) {
            let words: Vec<String> = raw_tokens(f[0]).iter().map(|t| fold(t)).collect();
            let w: Vec<&str> = words.iter().map(String::as_str).collect();
            let ok = lx
                .events
                .matches_at(&w, 0)
                .any(|(n, i)| n == w.len() && lx.events.items[i].claim_type.as_str() == f[1]);
            assert!(ok, "{}", f[0]);
        }
    }

    /// Matching by word ids finds what matching the words finds, at every position of a text
    /// of the lexicon's words (shuffled, so that phrases overlap and break off) and others.
    #[test]
    fn matching_by_ids_is_matching_by_words() {
        let lx = Lexicon::bundled();
        let mut pool: Vec<String> = lx.events.words().cloned().collect();
        pool.extend(lx.actors.words().cloned());
        pool.extend(lx.attribution.words().cloned());
        pool.extend(["", "xyzzy", "the", "al", "s", "forces", "é"].map(String::from));
        let mut next = crate::testutil::xorshift();
        let mut words: Vec<&str> = Vec::new();
        for _ in 0..50_000 {
            let r = next();
            // runs of a phrase's words, or any word
            let k = (r % pool.len() as u64) as usize;
            let run = if r >> 40 & 1 == 0 { 1 } else { 4 };
            for w in pool.iter().skip(k).take(run) {
                words.push(w);
            }
        }
        let ids: Vec<WordId> = words.iter().map(|w| lx.word_id(w)).collect();
        for i in 0..=words.len() {
            macro_rules! same {
                ($set:expr) => {
                    assert_eq!(
                        $set.matches_at(&words, i).collect::<Vec<_>>(),
                        $set.matches_ids(&ids, i).collect::<Vec<_>>(),
                        "{i}"
                    )
                };
            }
            same!(lx.actors);
            same!(lx.events);
            same!(lx.attribution);
            same!(lx.hedges);
            same!(lx.negations);
            same!(lx.eras);
        }
    }

    /// A key read from a buffer is the key of the word's bytes, at every start and length,
    /// the end of the buffer included.
    #[test]
    fn word_keys_read_from_a_buffer_are_the_words_keys() {
        let mut next = crate::testutil::xorshift();
        let buf: Vec<u8> = (0..100).map(|_| next() as u8).collect();
        for start in 0..=buf.len() {
            for len in 0..=(buf.len() - start).min(40) {
                let word = &buf[start..start + len];
                assert_eq!(
                    WordKey::at(&buf, start, len),
                    WordKey::of(word),
                    "{start} {len}"
                );
            }
        }
    }

    /// The ids of tokens are the indices of their words among the lexicon's sorted words, for
    /// texts of the lexicon's words and others (longer than a key, accented, capitalised).
    #[test]
    fn token_ids_are_indices_of_the_words() {
        let lx = Lexicon::bundled();
        let mut pool: Vec<String> = lx.vocab.clone();
        pool.extend(
            [
                "xyzzy",
                "Forces",
                "al-Qaim",
                "counter-terrorism",
                "Ḥalab",
                "mobilisationmobilisation",
                "mobilisationmobilisations",
                "IS",
                "U.S.",
                "Kurdistan's",
                "said:",
            ]
            .map(String::from),
        );
        let mut next = crate::testutil::xorshift();
        for _ in 0..500 {
            let n = (next() % 40) as usize;
            let text: Vec<&str> = (0..n)
                .map(|_| pool[(next() % pool.len() as u64) as usize].as_str())
                .collect();
            let text = text.join(" ");
            let toks = crate::geoparse::text::tokenize(&text, (0, text.len()));
            let (words, ids) = lx.token_words(&toks);
            assert_eq!(words.len(), toks.tokens.len());
            for (k, t) in toks.tokens.iter().enumerate() {
                let w = toks.folded_of(t);
                let plain = (lx.vocab.binary_search_by(|v| v.as_str().cmp(w)))
                    .map_or(NO_WORD, |i| i as WordId);
                assert_eq!((words[k], ids[k]), (w, plain), "{text}");
                assert_eq!(lx.word_id(w), plain);
            }
        }
    }
}
