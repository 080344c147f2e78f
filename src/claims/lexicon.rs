//! The claim extractor's word lists, read from data files: the actor registry
//! (`gazetteer/actors.tsv`) and the event, attribution, hedge and negation lists
//! (`src/claims/lexicon/*.tsv`). Adding a verb or an alias is a one-line change there.
//!
//! Phrases are matched on folded tokens (see `geoparse::text`), longest first.

use std::sync::OnceLock;

use crate::gazetteer::fxhash::FxHashMap;
use crate::gazetteer::normalize::{fold, is_word_char};

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

/// A word's id among the first words of all the lexicon's phrases ([`Lexicon::head`]), or
/// [`NO_HEAD`]: what [`PhraseSet::matches_head`] looks phrases up by.
pub type Head = u32;

/// The [`Head`] of a word that starts no phrase.
pub const NO_HEAD: Head = u32::MAX;

/// The group of a [`Head`] whose word starts none of a set's phrases.
const NO_GROUP: u32 = u32::MAX;

/// Sequences of folded tokens → payload indices, longest first.
#[derive(Debug)]
pub struct PhraseSet<T> {
    /// The phrases, grouped by first word, each group longest first.
    groups: Vec<Vec<(Vec<String>, usize)>>,
    /// First word → its group.
    by_first: FxHashMap<String, u32>,
    /// The lexicon's [`Head`] → its group, [`NO_GROUP`] for the heads of other sets' phrases.
    by_head: Vec<u32>,
    /// A bit per (first two bytes, last byte, length) of the first words, hashed into 4096
    /// bits: a word whose bit is clear starts no phrase, and is not looked up.
    first_filter: [u64; 64],
    pub items: Vec<T>,
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
            by_head: Vec::new(),
            first_filter: [0; 64],
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
        v.push((toks, idx));
        v.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
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
        let phrases: &[(Vec<String>, usize)] = if self.first_filter[w] & bit != 0 {
            self.phrases_under(first)
        } else {
            &[]
        };
        Self::matching(phrases, words, i)
    }

    /// [`PhraseSet::matches_at`] when `head` is the [`Lexicon::head`] of `words[i]` (of the
    /// lexicon the set belongs to), or [`NO_HEAD`] past the end of `words`.
    #[inline(always)]
    pub fn matches_head<'a>(
        &'a self,
        words: &'a [&str],
        i: usize,
        head: Head,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        let phrases: &[(Vec<String>, usize)] = match self.by_head.get(head as usize) {
            Some(&g) if g != NO_GROUP => &self.groups[g as usize],
            _ => &[],
        };
        Self::matching(phrases, words, i)
    }

    /// Those of `phrases` (all starting with `words[i]`) whose other words follow.
    #[inline(always)]
    fn matching<'a>(
        phrases: &'a [(Vec<String>, usize)],
        words: &'a [&str],
        i: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        // the phrases under `first` start with it: the rest of their words are compared
        phrases
            .iter()
            .filter(move |(toks, _)| {
                toks.len() <= words.len() - i
                    && toks[1..].iter().zip(&words[i + 1..]).all(|(a, b)| a == b)
            })
            .map(|(toks, idx)| (toks.len(), *idx))
    }

    /// Sets the group of each of the lexicon's first words (`firsts`, in [`Head`] order).
    fn index_heads(&mut self, firsts: &[&String]) {
        self.by_head = firsts
            .iter()
            .map(|w| self.by_first.get(w.as_str()).copied().unwrap_or(NO_GROUP))
            .collect();
    }
}

impl<T> PhraseSet<T> {
    /// The phrases whose first word is `first`, longest first.
    #[inline(never)]
    fn phrases_under(&self, first: &str) -> &[(Vec<String>, usize)] {
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
    /// The first words of all the phrases above → their [`Head`].
    heads: FxHashMap<String, Head>,
    /// As [`PhraseSet::first_filter`], for all the first words.
    head_filter: [u64; 64],
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
            heads: FxHashMap::default(),
            head_filter: [0; 64],
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
        lx.index_heads();
        Ok(lx)
    }

    /// Numbers the first words of all the sets' phrases ([`Head`]), and gives each set its
    /// groups by them.
    fn index_heads(&mut self) {
        let mut firsts: Vec<&String> = (self.actors.by_first.keys())
            .chain(self.events.by_first.keys())
            .chain(self.attribution.by_first.keys())
            .chain(self.hedges.by_first.keys())
            .chain(self.negations.by_first.keys())
            .chain(self.eras.by_first.keys())
            .collect();
        firsts.sort();
        firsts.dedup();
        let mut heads = FxHashMap::default();
        let mut filter = [0u64; 64];
        for (h, w) in firsts.iter().enumerate() {
            heads.insert(w.to_string(), h as Head);
            let (k, bit) = filter_bit(w);
            filter[k] |= bit;
        }
        let firsts: Vec<String> = firsts.into_iter().cloned().collect();
        let firsts: Vec<&String> = firsts.iter().collect();
        self.actors.index_heads(&firsts);
        self.events.index_heads(&firsts);
        self.attribution.index_heads(&firsts);
        self.hedges.index_heads(&firsts);
        self.negations.index_heads(&firsts);
        self.eras.index_heads(&firsts);
        self.heads = heads;
        self.head_filter = filter;
    }

    /// The [`Head`] of a folded word: [`NO_HEAD`] unless it starts a phrase of some set.
    #[inline]
    pub fn head(&self, word: &str) -> Head {
        let (k, bit) = filter_bit(word);
        if self.head_filter[k] & bit == 0 {
            return NO_HEAD;
        }
        self.heads.get(word).copied().unwrap_or(NO_HEAD)
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
}
