//! Control claims: who captured, lost, holds or fights over which place, when, according to whom.
//!
//! For each sentence: actors are found from the actor registry (aliases, classes resolved by the
//! country of the place, descriptions and pronouns resolved to the actor they refer to); event
//! words from `lexicon/events.tsv` say the claim type and where actor and place stand (active,
//! passive, 'fell to', 'X-held', 'in X hands', 'under X control', nominal); the places are the
//! geoparse's mentions and relative locations; attribution ('X said', 'according to X'), hedges
//! and negations give `claimed_by` and `certainty`; date words give the day.
//!
//! Input: an article and its [`Geoparse`]; output: [`Claim`]s. Features are made in `extract`.

pub mod dates;
pub mod lexicon;

use std::collections::HashMap;

use crate::article::Article;
use crate::gazetteer::{Gazetteer, Kind};
use crate::geoparse::text::Tokens;
use crate::geoparse::words::ADJECTIVE_SUFFIXES;
use crate::geoparse::Geoparse;
pub use dates::{ClaimDate, Precision};
pub use lexicon::{ClaimType, Form, Lexicon};
use lexicon::{PhraseSet, WordId};

/// How sure the source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Certainty {
    Reported,
    Claimed,
    Hedged,
    Denied,
}

impl Certainty {
    pub fn as_str(self) -> &'static str {
        match self {
            Certainty::Reported => "reported",
            Certainty::Claimed => "claimed",
            Certainty::Hedged => "hedged",
            Certainty::Denied => "denied",
        }
    }
}

/// One control claim.
#[derive(Debug, Clone)]
pub struct Claim {
    /// The mention of the place (the anchor of a relative location).
    pub mention: usize,
    /// The relative location, when the claim is about one.
    pub relative: Option<usize>,
    pub claim_type: ClaimType,
    pub actor: String,
    pub actor_text: String,
    pub from_actor: Option<String>,
    pub claimed_by: String,
    pub certainty: Certainty,
    pub date: ClaimDate,
    /// The event words as written.
    pub event: String,
    pub confidence: f64,
    pub sentence: usize,
    /// The actor was inferred (a bare noun such as "fighters", or the side named last), not named.
    pub inferred_actor: bool,
}

/// An actor named in the text.
#[derive(Debug, Clone)]
struct ActorMention<'a> {
    ts: usize,
    te: usize,
    /// Canonical id or @class.
    id: &'a str,
    sentence: usize,
    /// Followed by -held / -controlled (an adjective of the place after it).
    adj: bool,
    /// A modifier: backed by X, supported by X.
    modifier: bool,
    /// After from / against / with / of: not a subject.
    object: bool,
}

impl<'a> ActorMention<'a> {
    /// A subject-capable mention: not an adjective, a modifier or an object.
    fn plain(ts: usize, te: usize, id: &'a str, sentence: usize) -> ActorMention<'a> {
        ActorMention {
            ts,
            te,
            id,
            sentence,
            adj: false,
            modifier: false,
            object: false,
        }
    }
}

/// The article's text analysis the extraction works on.
struct Ctx<'a> {
    text: &'a str,
    toks: &'a Tokens,
    words: Vec<&'a str>,
    /// The [`WordId`]s of the words ([`Lexicon::token_words`]).
    ids: Vec<WordId>,
    geo: &'a Geoparse,
    gaz: &'a Gazetteer,
    lx: &'a Lexicon,
    actors: Vec<ActorMention<'a>>,
    /// The tokens event patterns begin at ([`event_tokens`]).
    events: Vec<usize>,
    /// Where the actors of each sentence start ([`sentence_starts`]).
    actor_starts: Vec<usize>,
    /// Where the places of each sentence start among the geoparse's mentions (in text order;
    /// [`sentence_starts`]).
    mention_starts: Vec<usize>,
    /// The speech phrases of the sentence last asked about ([`Ctx::speech_phrases`]).
    speech: std::cell::RefCell<Option<(usize, Vec<Speech<'a>>)>>,
    /// The country (IQ/SY) most places of the article lie in.
    main_country: Option<String>,
    published: Option<jiff::civil::Date>,
}

/// A hedge that casts doubt on its whole sentence, not only on the words just after it:
/// "it is not known whether", "unconfirmed", "warned of".
// The phrase's words are tested one by one rather than joined into a string (an allocation per
// match, in the hot loop): a matched word is a lexicon word and holds no space, so the joined
// phrase holds "known" only inside one of its words, equals "unconfirmed" only when it is that
// one word, and starts with "warned" only when its first word does.
fn hedges_whole_sentence(phrase: &[&str]) -> bool {
    phrase.iter().any(|w| w.contains("known"))
        || phrase == ["unconfirmed"]
        || phrase.first().is_some_and(|w| w.starts_with("warned"))
}

const PLACE_PREPS: &[&str] = &[
    "in", "to", "from", "near", "at", "of", "into", "toward", "towards", "around", "outside",
    "across",
];

fn find_actors<'a>(
    text: &str,
    toks: &Tokens,
    words: &[&str],
    ids: &[WordId],
    geo: &Geoparse,
    lx: &'a Lexicon,
) -> Vec<ActorMention<'a>> {
    let n = toks.tokens.len();
    let mut out: Vec<ActorMention<'a>> = Vec::new();
    let mut reach = MentionReach::new(&geo.mentions);
    let mut i = 0;
    while i < n {
        // "Kurdish and Iraqi forces": two sides sharing one noun
        if i + 3 < n
            && words[i + 1] == "and"
            && toks.tokens[i + 3].sentence == toks.tokens[i].sentence
            && matches!(
                words[i + 3],
                "forces" | "troops" | "fighters" | "soldiers" | "units" | "jets" | "warplanes"
            )
        {
            if let (Some(a), Some(b)) =
                (side_of_adjective(words[i]), side_of_adjective(words[i + 2]))
            {
                for (ts, te, id) in [(i, i + 1, a), (i + 2, i + 4, b)] {
                    out.push(ActorMention::plain(ts, te, id, toks.tokens[i].sentence));
                }
                i += 4;
                continue;
            }
        }
        // "Kurdish-held", "regime-controlled", "jihadist-held": a side named by an adjective
        if i + 1 < n
            && toks.tokens[i].next_char == '-'
            && matches!(words[i + 1], "held" | "controlled" | "occupied")
        {
            let class = match words[i] {
                "kurdish" => Some("@kurdish"),
                "regime" => Some("@state_forces"),
                "jihadist" | "militant" | "extremist" => Some("@militants"),
                "opposition" => Some("syrian_rebels"),
                _ => None,
            };
            if let Some(id) = class {
                out.push(ActorMention {
                    adj: true,
                    ..ActorMention::plain(i, i + 1, id, toks.tokens[i].sentence)
                });
                i += 1;
                continue;
            }
        }
        // (most words start no actor's name: told by their id alone)
        if !ids.get(i).is_some_and(|&id| lx.actors.may_start(id)) {
            i += 1;
            continue;
        }
        let mut best: Option<(usize, usize)> = None;
        for (len, idx) in lx.actors.matches_ids(ids, i) {
            let alias = &lx.actors.items[idx];
            let te = i + len;
            if te > n || toks.tokens[te - 1].sentence != toks.tokens[i].sentence {
                continue;
            }
            if let Some(exact) = &alias.exact {
                let ok = exact
                    .iter()
                    .enumerate()
                    .all(|(k, e)| toks.tokens[i + k].text(text) == e);
                if !ok {
                    continue;
                }
            }
            best = Some((len, idx));
            break;
        }
        let Some((len, idx)) = best else {
            i += 1;
            continue;
        };
        let mut te = i + len;
        let id0 = &lx.actors.items[idx].actor;
        // "Peshmerga forces", "SDF fighters": the noun belongs to the actor named
        if !id0.starts_with('@') {
            while te < n
                && toks.tokens[te].sentence == toks.tokens[i].sentence
                && GENERIC_NOUNS.contains(&words[te])
                && toks.joined(text, te - 1)
            {
                te += 1;
            }
        }
        let last = &toks.tokens[te - 1];
        let next = words.get(te).copied().unwrap_or("");
        let hyphen_next = last.next_char == '-';
        let adj = hyphen_next && matches!(next, "held" | "controlled" | "occupied" | "run");
        let mut id = lx.actors.items[idx].actor.as_str();
        // "Turkey's military", "Syrian troops", "US forces": the state the words name
        if id == "@state_forces" && i > 0 && words[i - 1] == "kurdish" {
            id = "@kurdish";
        } else if id == "@state_forces" && i > 0 {
            if let Some(n) = nationality_actor(words[i - 1], None)
                .filter(|n| !matches!(*n, "sdf" | "kurdistan_region"))
            {
                id = n;
            }
        }
        // Iran-backed, U.S.-led: an adjective, not an actor
        if hyphen_next && !adj && ADJECTIVE_SUFFIXES.contains(&next) {
            i = te;
            continue;
        }
        // a dateline ("ERBIL, Kurdistan Region -") names where the report was filed
        let sent = &toks.sentences[toks.tokens[i].sentence];
        // a dash set apart by a space ("ERBIL, Iraq -", "Syria –"), or a colon; not the hyphen
        // of "Islamic State-held"
        let after = &text[toks.tokens[te - 1].end..];
        let trimmed = after.trim_start();
        let dash_after = trimmed.starts_with(':')
            || (trimmed.starts_with(['-', '\u{2013}', '\u{2014}'])
                && (after.len() != trimmed.len()
                    || trimmed.chars().nth(1).is_some_and(char::is_whitespace)));
        if dash_after && te <= sent.tok_start + 6 {
            i = te;
            continue;
        }
        // a place, not an actor: in Baghdad, near Erbil
        let prev = if i > 0 { words[i - 1] } else { "" };
        // the Damascus-Baghdad highway, Baghdad airport: a place name inside a longer name
        let place_noun = matches!(
            next,
            "highway" | "road" | "airport" | "province" | "governorate" | "crossing"
        );
        let hyphen_before = i > 0 && toks.tokens[i - 1].next_char == '-';
        let (reach_any, reach_point) = reach.at(i);
        // (a place mention covers tokens i..te)
        if place_noun || (hyphen_before && reach_any >= te) {
            i = te;
            continue;
        }
        if reach_point >= te
            && (PLACE_PREPS.contains(&prev)
                || !CLASS_OR_CANONICAL_SUBJECT.contains(&id)
                // a dateline: "ERBIL, Kurdistan Region -"
                || matches!(last.next_char, '-' | ':' | '\u{2013}' | '\u{2014}')
                || text[last.end..].trim_start().starts_with(['-', '\u{2013}', '\u{2014}']))
        {
            i = te;
            continue;
        }
        let prev2 = if i > 1 { words[i - 2] } else { "" };
        // "backed by (a) X": skip one determiner
        let (mp, mp2) = if matches!(prev, "a" | "an" | "the") && i > 2 {
            (prev2, words[i - 3])
        } else {
            (prev, prev2)
        };
        let modifier = matches!(mp, "by" | "to")
            && matches!(
                mp2,
                "backed"
                    | "supported"
                    | "allied"
                    | "loyal"
                    | "close"
                    | "linked"
                    | "helped"
                    | "aided"
                    | "assisted"
            )
            || (prev == "from" && words.get(te).is_some_and(|w| *w == "across"));
        let object = matches!(
            prev,
            "from" | "against" | "with" | "of" | "on" | "over" | "between" | "alongside" | "beside"
        ) || (prev == "the"
            && matches!(
                prev2,
                "from" | "against" | "with" | "of" | "on" | "alongside"
            ));
        // "hundreds of IS fighters", "dozens of militants": a number of them, still the subject
        let object = object
            && !(prev == "of"
                && (matches!(
                    prev2,
                    "hundreds"
                        | "thousands"
                        | "dozens"
                        | "scores"
                        | "some"
                        | "many"
                        | "most"
                        | "pockets"
                        | "groups"
                        | "remnants"
                        | "cells"
                        | "bands"
                ) || prev2.bytes().all(|b| b.is_ascii_digit() || b == b',')
                    && !prev2.is_empty()));
        // "units of the Iraqi army": whose units, the subject unless the units are an object
        let object = object && {
            let w = |back: usize| i.checked_sub(back).map_or("", |j| words[j]);
            let skip = usize::from(prev == "the");
            !(w(1 + skip) == "of"
                && matches!(
                    w(2 + skip),
                    "units"
                        | "elements"
                        | "members"
                        | "detachments"
                        | "columns"
                        | "battalions"
                        | "brigades"
                        | "contingents"
                        | "squads"
                )
                && !matches!(
                    w(3 + skip),
                    "from" | "against" | "with" | "on" | "of" | "by" | "attacked" | "hit"
                ))
        };
        // "backed by A and B": B is a modifier too
        let modifier = modifier
            || out.last().is_some_and(|p: &ActorMention| {
                p.modifier
                    && p.sentence == toks.tokens[i].sentence
                    && (p.te..i).all(|k| matches!(words[k], "and" | "the" | "by"))
            });
        out.push(ActorMention {
            ts: i,
            te,
            id,
            sentence: toks.tokens[i].sentence,
            adj,
            modifier,
            object,
        });
        i = te;
    }
    out
}

/// How far the place mentions starting at or before a token reach, for tokens asked about in
/// order: a mention covers tokens `i..te` when one starting at or before `i` ends at or after
/// `te` (the mentions are in text order; `find_actors` asks at every candidate, which looked at
/// all of the article's mentions).
struct MentionReach<'m> {
    mentions: &'m [crate::geoparse::Mention],
    /// The mentions starting at or before the token last asked about.
    seen: usize,
    /// The furthest end of those, and of those with a point.
    any: usize,
    point: usize,
}

impl<'m> MentionReach<'m> {
    fn new(mentions: &'m [crate::geoparse::Mention]) -> MentionReach<'m> {
        MentionReach {
            mentions,
            seen: 0,
            any: 0,
            point: 0,
        }
    }

    /// The furthest token end of the mentions starting at or before token `i` (0 for none), and
    /// of those with a point; `i` never goes back between calls.
    fn at(&mut self, i: usize) -> (usize, usize) {
        while let Some(m) = self.mentions.get(self.seen).filter(|m| m.tok_start <= i) {
            self.any = self.any.max(m.tok_end);
            if m.point.is_some() {
                self.point = self.point.max(m.tok_end);
            }
            self.seen += 1;
        }
        (self.any, self.point)
    }
}

/// Where the items of each of `sentences` sentences start, given the sentence of each item in
/// order (which never goes back), and where the last one's end: the items of sentence `s` are
/// `starts[s]..starts[s + 1]` (the actors and places of a sentence, asked for every event rather
/// than looked for among all of the article's).
fn sentence_starts(items: impl Iterator<Item = usize>, sentences: usize) -> Vec<usize> {
    let mut starts = Vec::with_capacity(sentences + 1);
    let mut n = 0;
    for s in items {
        debug_assert!(starts.len() <= s + 1, "items out of sentence order");
        while starts.len() <= s.min(sentences) {
            starts.push(n);
        }
        n += 1;
    }
    starts.resize(sentences + 1, n);
    starts
}

/// The side a nationality adjective names in "Kurdish and Iraqi forces".
/// The nationality table, but classes where the side depends on the place: Kurdish forces are
/// the peshmerga or the SDF, Syrian forces the state's (resolved by the place's country).
fn side_of_adjective(w: &str) -> Option<&'static str> {
    match w {
        "kurdish" => Some("@kurdish"),
        "syrian" => Some("@state_forces"),
        _ => nationality_actor(w, None),
    }
}

/// Nouns that continue an actor's name: Peshmerga forces, SDF fighters, Hashd units.
const GENERIC_NOUNS: &[&str] = &[
    "forces",
    "force",
    "troops",
    "fighters",
    "units",
    "militants",
    "militia",
    "militiamen",
    "brigades",
    "soldiers",
    "guerrillas",
    "commanders",
    "jihadists",
    "members",
    "gunmen",
    "paramilitaries",
];

/// Actor ids that name a capital city too; as a place after a preposition they are places.
const CLASS_OR_CANONICAL_SUBJECT: &[&str] =
    &["iraqi_forces", "kurdistan_region", "syrian_government"];

/// The camp an actor fights in, for "both camps": allies named apart are one side.
fn camp(a: &str) -> &str {
    match a {
        "syrian_government" | "iran_backed_foreign" | "russia" | "iran" => "damascus",
        "sdf" | "us_coalition" | "ybs" | "pkk" => "sdf",
        "iraqi_forces" | "pmf" => "baghdad",
        "peshmerga" | "kurdistan_region" => "erbil",
        other => other,
    }
}

/// The actor that stands for its camp.
fn camp_principal(camp: &str) -> &str {
    match camp {
        "damascus" => "syrian_government",
        "baghdad" => "iraqi_forces",
        "erbil" => "peshmerga",
        other => other,
    }
}

fn is_jihadist(a: &str) -> bool {
    matches!(a, "islamic_state" | "hts")
}

impl<'a> Ctx<'a> {
    /// Resolves an actor mention to a canonical id, given the country of the place in question.
    fn resolve(&self, ai: usize, country: Option<&str>) -> Option<&'a str> {
        let a = &self.actors[ai];
        let country = country.or(self.main_country.as_deref());
        match a.id {
            "@state_forces" => Some(match country {
                Some("SY") => "syrian_government",
                _ => "iraqi_forces",
            }),
            "@kurdish" => Some(match country {
                Some("SY") => "sdf",
                _ => "peshmerga",
            }),
            "@us_backed" => Some(match country {
                Some("SY") => "sdf",
                _ => "iraqi_forces",
            }),
            "@shia_militia" => Some(match country {
                Some("SY") => "iran_backed_foreign",
                _ => "pmf",
            }),
            // the two sides are named before it: see `both_sides`
            "@both" => None,
            "@militants" => Some(
                self.actors[..ai]
                    .iter()
                    .rev()
                    .find(|p| is_jihadist(p.id))
                    .map(|p| p.id)
                    .unwrap_or("islamic_state"),
            ),
            "@anaphor" => {
                // "fighters of the SDF", "units of the army": whose they are follows
                let of = self.word(a.te) == "of";
                if let Some(j) = (ai + 1..self.actors.len()).find(|&j| {
                    let o = &self.actors[j];
                    of && (o.ts == a.te + 1 || (o.ts == a.te + 2 && self.word(a.te + 1) == "the"))
                }) {
                    if self.actors[j].id != "@anaphor" {
                        return self.resolve(j, country);
                    }
                }
                // the subject of this sentence before it, else of the sentences before: the
                // leftmost actor that is not a modifier, an object or a possessive
                let lower = self.actor_str(ai).to_lowercase();
                let neutral = !matches!(
                    lower.as_str(),
                    "the group" | "it" | "they" | "its forces" | "its fighters"
                );
                let alliance = lower.contains("alliance");
                // a pronoun may point at the speaker ("the army said it had retaken"); a noun
                // ("the forces") is someone the speaker speaks of
                let pronoun = matches!(lower.as_str(), "it" | "they")
                    || lower.starts_with("its ")
                    || lower.starts_with("their ");
                let ok = |p: &ActorMention| {
                    !p.modifier
                        && !p.object
                        && !p.adj
                        && (pronoun || !self.is_sayer(p))
                        && p.id != "unknown"
                        && !(neutral && (is_jihadist(p.id) || p.id == "@militants"))
                };
                if lower == "we" || lower.starts_with("our ") {
                    // "We have liberated X," the peshmerga said: the speaker after the quote,
                    // else the one before it
                    let after = (ai + 1..self.actors.len()).find(|&j| {
                        let p = &self.actors[j];
                        p.sentence == a.sentence && self.is_sayer(p)
                    });
                    if let Some(j) = after {
                        return self.resolve(j, country);
                    }
                }
                if matches!(lower.as_str(), "it" | "they" | "we") || lower.starts_with("our ") {
                    // "the SDF said they had captured": the speaker right before
                    let speech = (a.ts.saturating_sub(3)..a.ts).find(|&j| self.speech_at(j));
                    if let Some(v) = speech {
                        let sayer = (0..ai).rev().find(|&j| {
                            let p = &self.actors[j];
                            p.sentence == a.sentence && p.te <= v && p.te + 2 >= v && !p.object
                        });
                        if let Some(j) = sayer {
                            return self.resolve(j, country);
                        }
                        // "Iraqi commanders have said they": the nation of the speakers
                        let place_country = country.or(self.main_country.as_deref());
                        let nation = (v.saturating_sub(5)..v)
                            .filter(|&j| SAYER_STATE.contains(&self.word(j)))
                            .find_map(|j| {
                                nationality_actor(self.word(j.wrapping_sub(1)), place_country)
                            });
                        if let Some(n) = nation {
                            return Some(n);
                        }
                    }
                }
                if matches!(lower.as_str(), "the troops" | "the soldiers") {
                    // troops and soldiers are an army's: the last army named, else the state's
                    let back = (0..ai).rev().find(|&j| {
                        let p = &self.actors[j];
                        p.sentence + 3 >= a.sentence
                            && !p.modifier
                            && matches!(
                                p.id,
                                "@state_forces"
                                    | "iraqi_forces"
                                    | "syrian_government"
                                    | "peshmerga"
                                    | "turkey"
                                    | "russia"
                                    | "us_coalition"
                            )
                    });
                    return match back {
                        Some(j) => self.resolve(j, country),
                        None => Some(match country {
                            Some("SY") => "syrian_government",
                            _ => "iraqi_forces",
                        }),
                    };
                }
                if lower == "the group" || lower == "the group's" {
                    // in this war's news "the group" is the jihadists when they were named lately
                    let back = (0..ai).rev().find(|&j| {
                        self.actors[j].sentence + 4 >= a.sentence
                            && (is_jihadist(self.actors[j].id) || self.actors[j].id == "@militants")
                    });
                    if let Some(j) = back {
                        return self.resolve(j, country);
                    }
                }
                if alliance {
                    // an alliance is the SDF or the coalition: the last one named
                    let back = (0..ai).rev().find(|&j| {
                        self.actors[j].sentence + 6 >= a.sentence
                            && matches!(self.actors[j].id, "sdf" | "us_coalition")
                    });
                    if let Some(j) = back {
                        return Some(self.actors[j].id);
                    }
                }
                let same: Option<usize> =
                    (0..ai).find(|&j| self.actors[j].sentence == a.sentence && ok(&self.actors[j]));
                let prev = || {
                    (1..=2).find_map(|back| {
                        let s = a.sentence.checked_sub(back)?;
                        (0..ai).find(|&j| self.actors[j].sentence == s && ok(&self.actors[j]))
                    })
                };
                same.or_else(prev).and_then(|j| self.resolve(j, country))
            }
            id => Some(id),
        }
    }

    /// The side named last before token `k`, in sentence `s` or the two before it, that is not
    /// the jihadists nor `loser` (nor another mention of the loser's id): who took a place the
    /// sentence does not say who took.
    /// "both camps": the last two different sides (not the jihadists, not a modifier or an
    /// object) named before actor `ai`, within the five sentences before.
    fn both_sides(&self, ai: usize) -> Vec<usize> {
        let s = self.actors[ai].sentence;
        // (camp, actor index, id); a camp named by an ally ("Iranian-backed militias") is
        // represented by its principal when that is named too ("government troops")
        let mut found: Vec<(&str, usize, &str)> = Vec::new();
        for j in (0..ai).rev() {
            let p = &self.actors[j];
            if p.sentence + 5 < s {
                break;
            }
            if p.modifier || p.object || p.adj || p.id == "@both" {
                continue;
            }
            let Some(id) = self.resolve(j, None) else {
                continue;
            };
            if is_jihadist(id) || id == "unknown" {
                continue;
            }
            let c = camp(id);
            let principal = id == camp_principal(c);
            if let Some(f) = found.iter_mut().find(|f| f.0 == c) {
                if principal && f.2 != id {
                    f.1 = j;
                    f.2 = id;
                }
            } else if found.len() < 2 {
                found.push((c, j, id));
            } else {
                break;
            }
        }
        if found.len() == 2 {
            found.into_iter().map(|f| f.1).collect()
        } else {
            Vec::new()
        }
    }

    fn last_side_before(&self, s: usize, k: usize, loser: Option<usize>) -> Option<usize> {
        let loser_id = loser.map(|l| self.actors[l].id);
        (0..self.actors.len()).rev().find(|&i| {
            let a = &self.actors[i];
            a.sentence <= s
                && a.sentence + 2 >= s
                && a.ts < k
                && Some(i) != loser
                && !a.modifier
                && !a.adj
                && !is_jihadist(a.id)
                && a.id != "@militants"
                && a.id != "unknown"
                && Some(a.id) != loser_id
        })
    }

    /// The actor is the agent after "by": "by the army", "by the US-backed SDF" (a few words
    /// of description between, no other actor).
    fn after_by(&self, i: usize) -> bool {
        let ts = self.actors[i].ts;
        let sent_start = self.toks.sentences[self.actors[i].sentence].tok_start;
        (ts.saturating_sub(4).max(sent_start)..ts)
            .rev()
            .find(|&j| self.word(j) == "by")
            .is_some_and(|j| {
                !(j + 1..ts).any(|w| matches!(self.word(w), "and" | "of" | "from" | "in" | "to"))
                    && !self
                        .actors
                        .iter()
                        .any(|a| a.ts > j && a.ts < ts && a.sentence == self.actors[i].sentence)
            })
    }

    /// True when the actor is the speaker of a speech verb right after it (X said).
    fn is_sayer(&self, a: &ActorMention) -> bool {
        (a.te..a.te + 3).any(|k| {
            self.speech_at(k)
                && !self.lx.attribution.items[self
                    .matches(&self.lx.attribution, k)
                    .next()
                    .map(|m| m.1)
                    .unwrap_or(0)]
                .1
        })
    }

    fn actor_text(&self, ai: usize) -> String {
        self.actor_str(ai).to_string()
    }

    /// The words of actor mention `ai` as written.
    fn actor_str(&self, ai: usize) -> &str {
        let a = &self.actors[ai];
        &self.text[self.toks.tokens[a.ts].start..self.toks.tokens[a.te - 1].end]
    }

    fn word(&self, i: usize) -> &str {
        self.words.get(i).copied().unwrap_or("")
    }

    /// The indices of the actor mentions in sentence `s`.
    fn sentence_actors(&self, s: usize) -> std::ops::Range<usize> {
        self.actor_starts[s]..self.actor_starts[s + 1]
    }

    /// The indices of the place mentions in sentence `s`.
    fn sentence_mentions(&self, s: usize) -> std::ops::Range<usize> {
        self.mention_starts[s]..self.mention_starts[s + 1]
    }

    /// Actor mentions in sentence `s` ending at or before token `t`, nearest first.
    // (iterators, not vectors: most callers want the first)
    fn actors_left(&self, s: usize, t: usize) -> impl Iterator<Item = usize> + Clone + use<'_, 'a> {
        self.sentence_actors(s)
            .filter(move |&i| self.actors[i].te <= t)
            .rev()
    }

    /// Actor mentions in sentence `s` starting from token `t` to `t + within`, in text order.
    fn actors_right(
        &self,
        s: usize,
        t: usize,
        within: usize,
    ) -> impl Iterator<Item = usize> + use<'_, 'a> {
        self.sentence_actors(s)
            .filter(move |&i| self.actors[i].ts >= t && self.actors[i].ts <= t + within)
    }

    /// The subject of an event at token `t`: the nearest actor to the left that is not a modifier,
    /// an object or an adjective, with the actors coordinated with it (the army and the Hashd).
    fn subject(&self, s: usize, t: usize) -> Vec<usize> {
        let left = self.actors_left(s, t);
        let Some(first) = left.clone().find(|&i| {
            let a = &self.actors[i];
            !a.modifier && !a.adj && !a.object
        }) else {
            return Vec::new();
        };
        let mut group = vec![first];
        let mut cur = first;
        for i in left {
            if i >= cur {
                continue;
            }
            // the words between the two
            let mut between = self.actors[i].te..self.actors[cur].ts;
            if between.len() <= 3
                && between.all(|k| {
                    matches!(
                        self.word(k),
                        "and"
                            | "the"
                            | "its"
                            | "their"
                            | "of"
                            | "with"
                            | "along"
                            | "together"
                            | "backed"
                            | "supported"
                            | "by"
                            | "allied"
                            | "local"
                            | "other"
                            | "friendly"
                    )
                })
                && !self.actors[i].modifier
            {
                group.push(i);
                cur = i;
            } else {
                break;
            }
        }
        // coordinated actors after it too: "the army and the Hashd ... took"
        group
    }
}

/// Where a claim is: a mention and maybe a relative location on it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Target {
    mention: usize,
    relative: Option<usize>,
}

/// Words that may stand between the places of a list ("A, B and C", "A and the town of B").
fn is_list_glue(w: &str) -> bool {
    // (a match: told by the length first, unlike a search through a list)
    matches!(
        w,
        "in"
        | "north"
        | "south"
        | "east"
        | "west"
        | "northern"
        | "southern"
        | "eastern"
        | "western"
        | "and"
        | "or"
        | "the"
        | "as"
        | "well"
        | "also"
        | "town"
        | "towns"
        | "village"
        | "villages"
        | "city"
        | "of"
        | "district"
        | "districts"
        | "neighbourhood"
        | "neighborhood"
        | "area"
        | "nearby"
        | "neighbouring"
        // "A and much of the Euphrates valley", "A and several other hamlets south of B"
        | "much"
        | "most"
        | "parts"
        | "part"
        | "several"
        | "other"
        | "hamlets"
        | "settlements"
        | "border"
    )
}

impl Ctx<'_> {
    fn relative_for(&self, mention: usize, from_byte: usize) -> Option<usize> {
        self.geo
            .relatives
            .iter()
            .position(|r| r.anchor == mention && r.start >= from_byte && !r.anaphoric)
    }

    /// Places named to the right of token `t` in sentence `s` (the first, and the list it heads).
    fn places_right(&self, s: usize, t: usize, stop: usize) -> Vec<Target> {
        let sent = &self.toks.sentences[s];
        let mut cands: Vec<usize> = self
            .sentence_mentions(s)
            .filter(|&i| {
                let m = &self.geo.mentions[i];
                m.tok_start >= t
                    && m.tok_start < stop.min(sent.tok_end)
                    && m.tok_start <= t + 14
                    && m.point.is_some()
            })
            .collect();
        cands.sort_by_key(|&i| self.geo.mentions[i].tok_start);
        // "the Euphrates town of Mayadin", "the Anbar city of Rawa": the name after "of" is meant
        if let Some(&c0) = cands.first() {
            let e = self.geo.mentions[c0].tok_end;
            if matches!(
                self.word(e),
                "town" | "city" | "village" | "border" | "river"
            ) && (self.word(e + 1) == "of" || self.word(e + 2) == "of")
                && cands.len() > 1
            {
                cands.remove(0);
            }
        }
        // "the northern outskirts", "the city's edge": a part of a place named before, when it
        // comes before any place named here
        let first_named = cands
            .first()
            .map_or(usize::MAX, |&c| self.geo.mentions[c].tok_start);
        // ("villages around it, among them A and B": the places named right after are meant)
        let named_after = |r: usize| {
            let end = self.geo.relatives[r].end;
            cands.first().is_some_and(|&c| {
                let m = &self.geo.mentions[c];
                m.start >= end
                    && m.tok_start <= self.toks.tokens.partition_point(|x| x.end <= end) + 6
            })
        };
        if let Some((r, _)) = self.anaphoric_relatives(s).find(|&(r, rt)| {
            rt >= t
                && rt < stop.min(sent.tok_end)
                && rt <= t + 14
                && rt < first_named
                && !named_after(r)
        }) {
            return vec![Target {
                mention: self.geo.relatives[r].anchor,
                relative: Some(r),
            }];
        }
        let Some(&first) = cands.first() else {
            return Vec::new();
        };
        // prefer a place over a country when both come
        let first = if self.is_country(first) {
            cands
                .iter()
                .copied()
                .find(|&i| {
                    !self.is_country(i)
                        && self.geo.mentions[i].tok_start <= self.geo.mentions[first].tok_end + 4
                })
                .unwrap_or(first)
        } else {
            first
        };
        let from_byte = self.toks.tokens[t.min(self.toks.tokens.len() - 1)].start;
        let mut out = vec![Target {
            mention: first,
            relative: self.relative_for(first, from_byte),
        }];
        let mut last = first;
        for &i in cands
            .iter()
            .filter(|&&i| self.geo.mentions[i].tok_start > self.geo.mentions[first].tok_start)
        {
            let a = self.geo.mentions[last].tok_end;
            let b = self.geo.mentions[i].tok_start;
            if b < a {
                continue;
            }
            let is_glue = |k: usize| is_list_glue(self.word(k)) || self.toks.tokens[k].article;
            // "Rawa, across the river, and the border town of al-Qaim": an aside between commas
            // after a member does not end the list
            let aside_end = (a > 0 && self.toks.tokens[a - 1].next_char == ',')
                .then(|| (a..b.min(a + 6)).find(|&j| self.toks.tokens[j].next_char == ','))
                .flatten()
                .filter(|&j| {
                    (a..=j).all(|k| {
                        !self.event_at(k) && self.matches(&self.lx.attribution, k).next().is_none()
                    })
                });
            let a = aside_end.map_or(a, |j| j + 1);
            let glue = (a..b).all(is_glue);
            // a list is joined by commas (no words between) or by "and"/"or"
            let joined = b == a || (a..b).any(|k| matches!(self.word(k), "and" | "or"));
            // a country ends a list of towns; a list of countries goes on ("Syria and Iraq")
            if !glue || !joined || b - a > 6 || self.is_country(i) != self.is_country(first) {
                break;
            }
            // "between Qayyarah and Makhmour": the second place is part of the first's phrase
            if out.iter().any(|t| {
                t.relative
                    .is_some_and(|r| self.geo.relatives[r].other == Some(i))
            }) {
                last = i;
                continue;
            }
            out.push(Target {
                mention: i,
                relative: self.relative_for(i, from_byte),
            });
            last = i;
        }
        // "X, together with the lake beside it", "along with three neighbourhoods around it"
        let end = out
            .iter()
            .map(|t| match t.relative {
                Some(r) => self
                    .toks
                    .tokens
                    .partition_point(|x| x.end <= self.geo.relatives[r].end),
                None => self.geo.mentions[t.mention].tok_end,
            })
            .max()
            .unwrap_or(t);
        if let Some((r, _)) = self.anaphoric_relatives(s).find(|&(_, rt)| {
            rt > end
                && rt <= end + 14
                && (end..rt).all(|k| !self.event_at(k))
                && (rt.saturating_sub(5).max(end)..rt).any(|k| {
                    self.word(k) == "with"
                        && matches!(self.word(k.wrapping_sub(1)), "together" | "along")
                        || self.word(k) == "as" && self.word(k + 1) == "well"
                })
        }) {
            out.push(Target {
                mention: self.geo.relatives[r].anchor,
                relative: Some(r),
            });
        }
        out
    }

    /// The anaphoric relatives of sentence `s` ("the northern outskirts"), with the token each
    /// starts at, in text order.
    fn anaphoric_relatives(&self, s: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.geo
            .relatives
            .iter()
            .enumerate()
            .filter(move |(_, r)| r.anaphoric && r.sentence == s)
            .filter_map(|(i, r)| {
                let t = self.toks.tokens.partition_point(|x| x.start < r.start);
                (t < self.toks.tokens.len()).then_some((i, t))
            })
    }

    /// A speech word ("said", "according to") begins at token `k`.
    /// The phrases of `set` at word `k`: `set.matches_at(&self.words, k)`, by the words' ids.
    #[inline(always)]
    fn matches<'s, T>(
        &'s self,
        set: &'s PhraseSet<T>,
        k: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 's {
        set.matches_ids(&self.ids, k)
    }

    fn speech_at(&self, k: usize) -> bool {
        self.matches(&self.lx.attribution, k).next().is_some()
    }

    /// An event pattern begins at token `k`.
    fn event_at(&self, k: usize) -> bool {
        self.matches(&self.lx.events, k).next().is_some()
    }

    fn is_country(&self, m: usize) -> bool {
        self.geo.mentions[m]
            .place
            .is_some_and(|p| self.gaz.place(p).kind == Kind::Country)
    }

    /// The place named nearest to the left of token `t` in sentence `s`; else, for a sentence
    /// that speaks of "the town" or "it", the last place of the sentences before.
    fn place_left(&self, s: usize, t: usize) -> Option<(Target, bool)> {
        self.place_left_within(s, t, 16)
    }

    /// `place_left` with a window of `window` tokens ("X, a village where ... held out to the
    /// end, was now in the alliance's hands": the subject stands far before its verb).
    fn place_left_within(&self, s: usize, t: usize, window: usize) -> Option<(Target, bool)> {
        // the places of the sentence that end within the window before `t`
        let near = || {
            self.sentence_mentions(s)
                .map(|i| (i, &self.geo.mentions[i]))
                .filter(move |(_, m)| {
                    m.tok_end <= t && m.tok_end + window >= t && m.point.is_some()
                })
        };
        let best = near()
            .max_by_key(|(i, m)| {
                // an anchor of a relative phrase ("360km west of Baghdad") modifies the subject
                let anchor = self
                    .geo
                    .relatives
                    .iter()
                    .any(|r| r.anchor == *i && !r.anaphoric);
                (!self.is_country_kind(m.place), !anchor, m.tok_end)
            })
            .map(|(i, _)| i);
        // "X, near the al-Omar field, which IS holds": the place right before "which" is the
        // clause's antecedent, whatever else is named; not the anchor of a distance ("al-Ayadia,
        // 10 km northwest of Tal Afar, where militants have gathered" is about al-Ayadia)
        let before_which = near()
            .filter(|(_, m)| {
                m.tok_end < t
                    && (m.tok_end..t).take(2).any(|j| {
                        matches!(self.word(j), "which" | "that" | "where")
                            // "of which Mosul is the capital" is about something else
                            && !matches!(self.word(j - 1), "of" | "in" | "from")
                    })
            })
            .filter(|(i, _)| !self.is_apposition_anchor(*i))
            .map(|(i, _)| i)
            .next_back();
        let best = before_which.or(best);
        if let Some(mut i) = best {
            let sent_start = self.toks.tokens[self.toks.sentences[s].tok_start].start;
            // "near al-Qaim, which remains under IS control": the clause is about al-Qaim
            let m_end = self.geo.mentions[i].tok_end;
            let which = (m_end..t)
                .take(2)
                .any(|j| matches!(self.word(j), "which" | "that" | "where"));
            // "Markada, a town on the Khabur river which IS still controls": the clause is
            // about the town the apposition describes, not the river it lies on
            if which {
                let ms = self.geo.mentions[i].tok_start;
                let on = (ms.saturating_sub(2)..ms)
                    .any(|j| matches!(self.word(j), "on" | "along" | "near" | "in" | "by"));
                let head = self.geo.mentions[..i].iter().rposition(|h| {
                    h.sentence == s
                        && h.point.is_some()
                        && h.tok_end + 7 >= ms
                        && self.toks.tokens[h.tok_end - 1].next_char == ','
                        && matches!(self.word(h.tok_end), "a" | "an" | "the")
                });
                if let (true, Some(h)) = (on, head) {
                    i = h;
                }
            }
            return Some((
                Target {
                    mention: i,
                    relative: if which {
                        None
                    } else {
                        self.relative_for(i, sent_start)
                    },
                },
                true,
            ));
        }
        self.place_before(s).map(|m| {
            (
                Target {
                    mention: m,
                    relative: None,
                },
                false,
            )
        })
    }

    /// Mention `i` anchors a relative phrase set off after another place: "al-Ayadia, 10 km
    /// northwest of Tal Afar", "the Sinjar district, northwest of Mosul". Tal Afar and Mosul
    /// only say where the other place is.
    fn is_apposition_anchor(&self, i: usize) -> bool {
        self.geo.relatives.iter().any(|r| {
            r.anchor == i
                && !r.anaphoric
                && self.geo.mentions.iter().any(|d| {
                    d.end <= r.start
                        && r.start - d.end <= 48
                        && self.text[d.end..r.start].starts_with(',')
                        && !self.text[d.end + 1..r.start].contains([',', ';', '.'])
                })
        })
    }

    /// "a crossing into Syria that IS still controls": a country after "into" or "to" says
    /// where something leads; it is not the place a clause after it is about.
    fn is_heading_country(&self, m: usize) -> bool {
        self.is_country(m)
            && matches!(
                self.word(self.geo.mentions[m].tok_start.wrapping_sub(1)),
                "into" | "to" | "toward" | "towards"
            )
    }

    fn is_country_kind(&self, p: Option<u32>) -> bool {
        p.is_some_and(|p| self.gaz.place(p).kind == Kind::Country)
    }

    /// The place the article has named most before token `t` (not a country or a province),
    /// at its latest mention; none when no place is named twice.
    fn salient_place(&self, t: usize) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None; // (count, mention)
        for (i, m) in self.geo.mentions.iter().enumerate() {
            if m.tok_end > t || m.point.is_none() {
                continue;
            }
            let Some(p) = m.place else { continue };
            if matches!(
                self.gaz.place(p).kind,
                Kind::Country | Kind::Governorate | Kind::Region | Kind::River
            ) {
                continue;
            }
            let n = self
                .geo
                .mentions
                .iter()
                .filter(|o| o.tok_end <= t && o.place == Some(p))
                .count();
            if best.is_none_or(|(bn, _)| n >= bn) {
                best = Some((n, i));
            }
        }
        best.filter(|(n, _)| *n >= 2).map(|(_, i)| i)
    }

    /// The last non-country place named in the two sentences before `s`.
    fn place_before(&self, s: usize) -> Option<usize> {
        // (the mentions of sentences s - 2 and s - 1)
        (self.mention_starts[s.saturating_sub(2)]..self.mention_starts[s]).rfind(|&i| {
            let m = &self.geo.mentions[i];
            m.point.is_some() && !self.is_country_kind(m.place)
        })
    }

    fn place_country(&self, t: &Target) -> Option<&str> {
        let m = &self.geo.mentions[t.mention];
        m.place
            .or(m.part_of)
            .and_then(|p| self.gaz.place(p).country.as_deref())
            .filter(|c| *c == "IQ" || *c == "SY")
    }
}

/// Who asserts what a sentence says, and how.
#[derive(Debug, Clone)]
struct Attribution {
    claimed_by: String,
    certainty: Certainty,
    /// The speaker is a named party (not "officials" taken as the state by default).
    named: bool,
}

const SAYER_UNKNOWN: &[&str] = &[
    "activists",
    "activist",
    "monitor",
    "observatory",
    "residents",
    "witnesses",
    "sources",
    "source",
    "outlets",
    "media",
    "network",
    "group",
];
const SAYER_STATE: &[&str] = &[
    "officials",
    "lieutenant",
    "brigadier",
    "minister",
    "premier",
    "police",
    "operation",
    "command",
    "official",
    "authorities",
    "commander",
    "commanders",
    "spokesman",
    "military",
    "army",
    "ministry",
    "statement",
    "governor",
    "officer",
    "captain",
    "colonel",
    "general",
];

/// A speech phrase of a sentence: start, end, certainty, whether it may follow the claim.
type Speech<'a> = (usize, usize, &'a str, bool);

/// Of the speech phrases kept for an event at token `t`: the first left of the event (the
/// least start of those not after it), and the nearest to it (the first of the nearest, in
/// the phrases' order).
fn nearest_speech<'a>(
    kept: impl Iterator<Item = Speech<'a>>,
    t: usize,
) -> (Option<usize>, Option<Speech<'a>>) {
    let mut first_left: Option<usize> = None;
    let mut nearest: Option<(usize, Speech<'a>)> = None;
    for f in kept {
        let (a, b, _, right) = f;
        if !right {
            first_left = Some(first_left.map_or(a, |m| m.min(a)));
        }
        let distance = if b <= t { t - b } else { a.saturating_sub(t) };
        // (strictly nearer: a tie keeps the earlier)
        if nearest.is_none_or(|(d, _)| distance < d) {
            nearest = Some((distance, f));
        }
    }
    (first_left, nearest.map(|(_, f)| f))
}

impl<'a> Ctx<'a> {
    /// The speech phrases of sentence `s`, not beginning an event ("declared victory in" is the
    /// event); kept for the sentence's other events.
    fn speech_phrases(&self, s: usize) -> std::cell::Ref<'_, [Speech<'a>]> {
        let cached = matches!(&*self.speech.borrow(), Some((ks, _)) if *ks == s);
        if !cached {
            let found = self.find_speech_phrases(s);
            *self.speech.borrow_mut() = Some((s, found));
        }
        std::cell::Ref::map(self.speech.borrow(), |c| {
            c.as_ref().map_or(&[][..], |(_, found)| found.as_slice())
        })
    }

    fn find_speech_phrases(&self, s: usize) -> Vec<Speech<'a>> {
        let sent = &self.toks.sentences[s];
        let mut found: Vec<Speech<'a>> = Vec::new();
        let mut k = sent.tok_start;
        while k < sent.tok_end {
            if let Some((len, idx)) = self.matches(&self.lx.attribution, k).next() {
                let (cert, right) = &self.lx.attribution.items[idx];
                found.push((k, k + len, cert.as_str(), *right));
                k += len;
            } else {
                k += 1;
            }
        }
        found.retain(|(a, _, _, _)| !self.event_at(*a));
        found
    }

    /// The attribution governing an event at token `t` of sentence `s`.
    fn attribution(
        &self,
        s: usize,
        t: usize,
        country: Option<&str>,
        memory: &HashMap<String, String>,
    ) -> Option<(Attribution, usize)> {
        let sent = &self.toks.sentences[s];
        // "ISIL, which declared a caliphate in June, still holds X": a speech word in a
        // relative clause that closes before the event is not the claim's source
        let not_relative = |(a, _, _, _): &Speech<'a>| {
            !(*a < t
                && *a > sent.tok_start
                && matches!(self.word(a - 1), "which" | "who")
                && (*a..t).any(|j| self.toks.tokens[j].next_char == ','))
        };
        // "self-declared", "self-proclaimed", "an estimated 12 million": an adjective, not a
        // speaker
        let not_adjective = |(a, _, _, _): &Speech<'a>| {
            !(*a > sent.tok_start
                && ((self.word(a - 1) == "self" && self.toks.tokens[a - 1].next_char == '-')
                    || matches!(self.word(a - 1), "an" | "a" | "the")))
        };
        // a speech word after the event counts only when it closes the sentence (", he said.")
        // or stands between commas after the claim (", officials said, a day after ...") with
        // no other event between it and the claim's event
        let placed = |(a, b, _, right): &Speech<'a>| {
            *a <= t || *right || {
                // (the words after it looked at only when few)
                // (a one-word event pattern: the word's id on its own, no word after it)
                let closes = sent.tok_end.saturating_sub(*b) <= 6
                    && !(*b..sent.tok_end).any(|k| self.word(k) == "that")
                    && !(*b..sent.tok_end).any(|k| {
                        (self.lx.events)
                            .matches_ids(std::slice::from_ref(&self.ids[k]), 0)
                            .next()
                            .is_some()
                    });
                // ", the command said on Friday, as ...": a short tail may end the aside
                let parenthetical = *b < sent.tok_end
                    && (*b - 1..(*b + 3).min(sent.tok_end))
                        .any(|j| self.toks.tokens[j].next_char == ',')
                    && (t..*a)
                        .rev()
                        .take(6)
                        .any(|j| self.toks.tokens[j].next_char == ',')
                    && !(t + 1..*a).any(|j| self.event_at(j));
                // '"Sinjar is liberated," Barzani told reporters on a hilltop': the quotation
                // closes between the claim and the speech word
                let quoted = {
                    let tk = &self.toks.tokens;
                    let opened =
                        &self.text[tk[sent.tok_start].start.saturating_sub(1)..tk[t].start];
                    let closed = &self.text[tk[t].end..tk[*a].start];
                    // (each mark looked for on its own: a byte search each, not a walk over
                    // the characters)
                    (opened.contains('"') || opened.contains('\u{201c}'))
                        && (closed.contains('"') || closed.contains('\u{201d}'))
                };
                closes || parenthetical || quoted
            }
        };
        // the sentence's cached phrases (none beginning an event: "declared victory in" is the
        // event) looked through, not copied
        let (first_left, nearest) = nearest_speech(
            (self.speech_phrases(s).iter())
                .filter(|f| not_relative(f) && not_adjective(f) && placed(f))
                .copied(),
            t,
        );
        let (mut a, b, cert, right) = nearest?;
        // "X confirmed that ..., but said ...": the second verb has the first one's speaker
        if !right && matches!(self.word(a.wrapping_sub(1)), "but" | "and" | "also") {
            if let Some(f) = first_left.filter(|&f| f < a) {
                a = f;
            }
        }
        // another outlet's report ("Iraqi News reported", "Reuters reported") is the press
        // speaking, not a party; state media are the government's voice
        if !right
            && matches!(
                self.word(a.wrapping_sub(1)),
                "news" | "reuters" | "afp" | "ap" | "newspaper" | "agency" | "website"
            )
            && !(a.saturating_sub(4)..a).any(|j| matches!(self.word(j), "state" | "official"))
        {
            return None;
        }
        let sayer_actor = if right {
            self.actors_right(s, b, 8).next()
        } else {
            // the party just before the word ("X said", "X told"), not inside the claim after it
            // after the event, the speaker stands after the last comma (", the country's prime
            // minister announced"), not inside the claim
            let lo = if a > t {
                let comma_before = |end: usize| {
                    (t..end)
                        .rev()
                        .find(|&j| self.toks.tokens[j].next_char == ',')
                        .map_or(t, |j| j + 1)
                };
                let lo = comma_before(a);
                // "X, the president of the Kurdish region, said": the speaker and the words
                // that describe them stand between the two commas before the verb
                if lo == a && a > t + 1 {
                    comma_before(a - 1)
                } else {
                    lo
                }
            } else {
                // "..., and Yarallah said": a name opening its own clause is the speaker
                let name_start = (sent.tok_start..a)
                    .rev()
                    .take_while(|&j| {
                        self.toks.tokens[j].case == crate::geoparse::text::Case::Title
                            && !self.actors.iter().any(|p| p.ts <= j && p.te > j)
                    })
                    .last();
                match name_start {
                    Some(n)
                        if n > sent.tok_start
                            && (matches!(self.word(n - 1), "and" | "but")
                                || self.toks.tokens[n - 1].next_char == ',') =>
                    {
                        n
                    }
                    _ => sent.tok_start,
                }
            };
            self.actors_left(s, a)
                .find(|&i| self.actors[i].ts >= lo && self.actors[i].te + 25 >= a)
        };
        let mut claimed_by = sayer_actor
            .and_then(|i| self.resolve(i, country))
            .map(str::to_string);
        let mut named = claimed_by.is_some();
        if claimed_by.is_none() {
            // the words before the speech verb: officials, activists, a person named before
            let window: Vec<usize> = if right {
                (b..(b + 6).min(sent.tok_end)).collect()
            } else {
                (a.saturating_sub(12).max(sent.tok_start)..a)
                    .rev()
                    .collect()
            };
            for k in window {
                let w = self.word(k);
                if let Some(actor) = memory.get(w) {
                    claimed_by = Some(actor.clone());
                    named = true;
                    break;
                }
                if SAYER_UNKNOWN.contains(&w) {
                    claimed_by = Some("unknown".into());
                    break;
                }
                if SAYER_STATE.contains(&w)
                    && matches!(self.word(k.wrapping_sub(1)), "its" | "their")
                {
                    // "its spokesman": the side named last that is not the jihadists
                    let before = self.toks.tokens[k].start;
                    claimed_by = self
                        .actors
                        .iter()
                        .enumerate()
                        .rev()
                        .filter(|(_, p)| {
                            self.toks.tokens[p.ts].start < before && !p.modifier && !p.object
                        })
                        .filter(|(_, p)| {
                            !is_jihadist(p.id)
                                && p.id != "@militants"
                                && p.id != "unknown"
                                && p.id != "@anaphor"
                        })
                        .find_map(|(j, _)| self.resolve(j, country))
                        .map(str::to_string);
                    if claimed_by.is_some() {
                        named = true;
                        break;
                    }
                }
                if SAYER_STATE.contains(&w) {
                    // "Turkish officials", "a senior Kurdish commander": whose state speaks
                    let place_country = country.or(self.main_country.as_deref());
                    let nation = (k.saturating_sub(3).max(sent.tok_start)..k)
                        .rev()
                        .find_map(|j| nationality_actor(self.word(j), place_country));
                    // else the fighting side the sentence is about ("Peshmerga forces repelled
                    // an attack, a commander said"), else the state of the place
                    let side = || {
                        self.actors
                            .iter()
                            .enumerate()
                            .filter(|(_, p)| p.sentence == s && !p.object && !p.modifier && !p.adj)
                            .filter_map(|(j, _)| self.resolve(j, country))
                            .find(|id| PARTIES.contains(id))
                    };
                    claimed_by = Some(
                        match nation {
                            Some(n) => n,
                            None => side().unwrap_or_else(|| {
                                if place_country == Some("SY") {
                                    "syrian_government"
                                } else {
                                    "iraqi_forces"
                                }
                            }),
                        }
                        .to_string(),
                    );
                    named = nation.is_some();
                    break;
                }
            }
        }
        let certainty = if cert == "denied" {
            Certainty::Denied
        } else {
            Certainty::Claimed
        };
        Some((
            Attribution {
                claimed_by: claimed_by.unwrap_or_else(|| "unknown".into()),
                certainty,
                named,
            },
            a,
        ))
    }

    fn hedged(&self, s: usize, t: usize) -> bool {
        let sent = &self.toks.sentences[s];
        let lo = sent.tok_start.max(t.saturating_sub(9));
        for k in sent.tok_start..t {
            for (len, _) in self.matches(&self.lx.hedges, k) {
                let phrase = &self.words[k..k + len];
                // the month, not the modal: "on May 23", "in May"
                if phrase == ["may"]
                    && (self
                        .word(k + 1)
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_digit())
                        || matches!(
                            self.word(k.wrapping_sub(1)),
                            "on" | "in" | "since" | "early" | "late" | "mid"
                        )
                        || self.toks.tokens[k].case != crate::geoparse::text::Case::Lower)
                {
                    continue;
                }
                let global = hedges_whole_sentence(phrase);
                if k >= lo || global {
                    return true;
                }
            }
        }
        false
    }

    fn negated(&self, s: usize, t: usize) -> bool {
        let sent = &self.toks.sentences[s];
        let lo = sent.tok_start.max(t.saturating_sub(4));
        (lo..t).any(|k| self.matches(&self.lx.negations, k).next().is_some())
    }
}

/// The FNV-1a hash of bytes fed piece by piece.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn bytes(&mut self, b: &[u8]) -> &mut Fnv {
        for &x in b {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }
    /// The decimal digits of `n`.
    fn num(&mut self, n: usize) -> &mut Fnv {
        let mut buf = [0u8; 20];
        let k = crate::feature::digits_into(&mut buf, n as u64);
        self.bytes(&buf[k..])
    }
}

/// A stable id for a claim: the same claim in the same article gets the same id on every run.
pub fn claim_id(article_id: &str, c: &Claim, place_start: usize) -> String {
    // the hash of `{article_id}|{sentence}|{place_start}|{actor}|{claim_type}|{event}`
    let h = Fnv::new()
        .bytes(article_id.as_bytes())
        .bytes(b"|")
        .num(c.sentence)
        .bytes(b"|")
        .num(place_start)
        .bytes(b"|")
        .bytes(c.actor.as_bytes())
        .bytes(b"|")
        .bytes(c.claim_type.as_str().as_bytes())
        .bytes(b"|")
        .bytes(c.event.as_bytes())
        .0
        & 0xffff_ffff_ffff;
    // `{article_id}:c` and the hash in 12 hex digits
    let mut id = String::with_capacity(article_id.len() + 14);
    id.push_str(article_id);
    id.push_str(":c");
    for k in (0..12).rev() {
        id.push(char::from(
            b"0123456789abcdef"[(h >> (4 * k)) as usize & 15],
        ));
    }
    id
}

/// Triggers whose next word makes them something else (took part, take place).
fn not_an_event(w: &str, next: &str) -> bool {
    matches!(
        (w, next),
        (
            "took" | "take" | "taking" | "taken",
            "part"
                | "place"
                | "effect"
                | "power"
                | "office"
                | "aim"
                | "care"
                | "steps"
                | "time"
                | "action"
                | "shelter"
                | "refuge"
                | "note"
        ) | (
            "held" | "hold" | "holds" | "holding",
            "talks" | "meetings" | "elections" | "responsible" | "accountable" | "on"
        ) | ("clear" | "free", "that" | "whether" | "of")
            | (
                "lost" | "losing",
                "their" | "his" | "her" | "lives" | "ground" | "contact"
            )
            | ("secured", "the" | "a") // secured a deal...
    ) && !(w == "secured" && next == "the")
}

/// Military ranks as written before an officer's name (folded).
const MILITARY_RANKS: &[&str] = &[
    "gen",
    "general",
    "lt",
    "lieutenant",
    "maj",
    "major",
    "brig",
    "brigadier",
    "col",
    "colonel",
    "capt",
    "captain",
];

impl<'a> Ctx<'a> {
    /// The words, actors and main country of an article.
    fn new(article: &'a Article, geo: &'a Geoparse, gaz: &'a Gazetteer) -> Ctx<'a> {
        let lx = Lexicon::bundled();
        let toks = &geo.tokens;
        let (words, ids) = lx.token_words(toks);
        let actors = find_actors(&article.text, toks, &words, &ids, geo, lx);
        let events = event_tokens(lx, &ids);
        // the places in Iraq and in Syria (countries themselves aside); the more named, Iraq on a tie
        let (mut iq, mut sy) = (0, 0);
        for m in &geo.mentions {
            if let Some(p) = m.place.or(m.part_of) {
                let p = gaz.place(p);
                if p.kind != Kind::Country {
                    match p.country.as_deref() {
                        Some("IQ") => iq += 1,
                        Some("SY") => sy += 1,
                        _ => {}
                    }
                }
            }
        }
        let main_country = match (iq, sy) {
            (0, 0) => None,
            _ if iq >= sy => Some("IQ".to_string()),
            _ => Some("SY".to_string()),
        };
        Ctx {
            text: &article.text,
            toks,
            words,
            ids,
            geo,
            gaz,
            lx,
            actor_starts: sentence_starts(actors.iter().map(|a| a.sentence), toks.sentences.len()),
            events,
            speech: std::cell::RefCell::new(None),
            mention_starts: sentence_starts(
                geo.mentions.iter().map(|m| m.sentence),
                toks.sentences.len(),
            ),
            actors,
            main_country,
            published: article.published,
        }
    }
}

/// The people an article names with the side they speak for: "Talal Silo, SDF spokesman", "its
/// spokesman Talal Silo", an officer named by rank (by folded name word).
// (not inlined: its loops over every token keep their registers apart from `extract`'s)
#[inline(never)]
fn sayer_memory(ctx: &Ctx) -> HashMap<String, String> {
    let (toks, geo) = (ctx.toks, ctx.geo);
    // people named with an actor in a sayer window: Talal Silo, SDF spokesman
    let mut memory: HashMap<String, String> = HashMap::new();
    for a in &ctx.actors {
        if a.id.starts_with('@')
            || a.id == "unknown"
            || !matches!(
                ctx.word(a.te),
                "spokesman"
                    | "spokeswoman"
                    | "commander"
                    | "official"
                    | "chief"
                    | "leader"
                    | "director"
                    | "head"
            )
        {
            continue;
        }
        let s = &toks.sentences[a.sentence];
        for k in a.te..(a.te + 4).min(s.tok_end) {
            let t = &toks.tokens[k];
            if t.case == crate::geoparse::text::Case::Title
                && !geo
                    .mentions
                    .iter()
                    .any(|m| m.tok_start <= k && m.tok_end > k)
            {
                memory.insert(toks.folded_of(t).to_string(), a.id.to_string());
            }
        }
    }
    // where "its"/"their" and capitalised military ranks stand, found in one pass over the
    // tokens (most are neither) for the two loops below, which must run in turn: the first
    // name a person gets is kept
    let mut possessives: Vec<usize> = Vec::new();
    let mut ranks: Vec<usize> = Vec::new();
    for (j, (w, t)) in ctx.words.iter().zip(&toks.tokens).enumerate() {
        if matches!(*w, "its" | "their") {
            possessives.push(j);
        } else if t.is_cap() && MILITARY_RANKS.contains(w) {
            ranks.push(j);
        }
    }
    // "its spokesman Talal Silo": the side named last before it
    for j in possessives {
        let k = j + 1;
        if !matches!(
            ctx.word(k),
            "spokesman" | "spokeswoman" | "commander" | "official" | "leader"
        ) {
            continue;
        }
        let before = toks.tokens[k].start;
        let side = ctx
            .actors
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, p)| toks.tokens[p.ts].start < before && !p.modifier && !p.object)
            .filter(|(_, p)| !is_jihadist(p.id) && p.id != "@militants" && p.id != "unknown")
            .find_map(|(j, _)| ctx.resolve(j, None))
            .filter(|id| !is_jihadist(id));
        let Some(side) = side else { continue };
        for j in k + 1..(k + 4).min(toks.tokens.len()) {
            let t = &toks.tokens[j];
            if t.case != crate::geoparse::text::Case::Title
                || geo
                    .mentions
                    .iter()
                    .any(|m| m.tok_start <= j && m.tok_end > j)
            {
                break;
            }
            memory
                .entry(toks.folded_of(t).to_string())
                .or_insert_with(|| side.to_string());
        }
    }
    // "operation commander Lt. Gen. Abdul Amir Yarallah": an officer named by rank alone, with
    // no side named just before, is an officer of the state the article is about
    let state = match ctx.main_country.as_deref() {
        Some("IQ") => Some("iraqi_forces"),
        Some("SY") => Some("syrian_government"),
        _ => None,
    };
    if let Some(state) = state {
        for k in ranks {
            let sent_start = toks.sentences[toks.tokens[k].sentence].tok_start;
            let side_before = ctx.actors.iter().any(|a| {
                a.te <= k && a.te + 4 >= k && a.ts >= sent_start && a.id != "@state_forces"
            }) || (sent_start.max(k.saturating_sub(3))..k).any(|j| {
                nationality_actor(ctx.word(j), None).is_some() || ctx.word(j) == "coalition"
            });
            if side_before {
                continue;
            }
            // the name: the capitalised words after the rank(s)
            let mut j = k + 1;
            while j < toks.tokens.len() && MILITARY_RANKS.contains(&ctx.word(j)) {
                j += 1;
            }
            let name_start = j;
            while j < toks.tokens.len()
                && j < name_start + 4
                && toks.tokens[j].sentence == toks.tokens[k].sentence
                && toks.tokens[j].case == crate::geoparse::text::Case::Title
                && !geo
                    .mentions
                    .iter()
                    .any(|m| m.tok_start <= j && m.tok_end > j)
                && ctx.matches(&ctx.lx.actors, j).next().is_none()
            {
                memory
                    .entry(toks.folded_of(&toks.tokens[j]).to_string())
                    .or_insert_with(|| state.to_string());
                j += 1;
            }
        }
    }
    memory
}

/// Extracts the control claims of an article.
pub fn extract(article: &Article, geo: &Geoparse, gaz: &Gazetteer) -> Vec<Claim> {
    let lx = Lexicon::bundled();
    let toks = &geo.tokens;
    if toks.tokens.is_empty() {
        return Vec::new();
    }
    let ctx = Ctx::new(article, geo, gaz);
    let article_has_is = ctx.actors.iter().enumerate().any(|(i, a)| {
        a.id == "islamic_state"
            || (a.id == "@militants" && ctx.resolve(i, None) == Some("islamic_state"))
    });
    let memory = sayer_memory(&ctx);

    let mut claims: Vec<Claim> = Vec::new();
    for (s, sent) in toks.sentences.iter().enumerate() {
        // the sentence's claims start here: a claim is kept once per sentence, place and actor
        // (looked for among them: a sentence has few)
        let sent_claims = claims.len();
        // the sentence's dates and where its events start, found at its first claim (most
        // sentences have none)
        let mut dated: Option<(Vec<ClaimDate>, Vec<usize>)> = None;
        // where event patterns begin in the sentence (looked for once in the article), for the
        // loop and for each event's search for the next
        let events = sentence_events(&ctx, sent.tok_start, sent.tok_end);
        let mut k = sent.tok_start;
        while let Some(&e) = events.get(events.partition_point(|&e| e < k)) {
            k = e;
            let Some((len, _)) = ctx.matches(&lx.events, k).next() else {
                k += 1;
                continue;
            };
            let te = k + len;
            if te > sent.tok_end || not_an_event(ctx.word(k), ctx.word(te)) {
                k += 1;
                continue;
            }
            // the patterns of the longest length at `k` (matched again when asked: cheaper than
            // a vector for each event word)
            let options = || {
                ctx.matches(&lx.events, k)
                    .filter(move |(l, _)| *l == len)
                    .map(|(_, i)| &lx.events.items[i])
            };
            let prev_hyphen_actor = k > 0
                && toks.tokens[k - 1].next_char == '-'
                && ctx.actors.iter().any(|a| a.te == k && a.adj);
            // "rebel-held" with an unknown first half: an adjective all the same, never a verb
            // whose subject would be someone else
            if !prev_hyphen_actor
                && k > 0
                && toks.tokens[k - 1].next_char == '-'
                && options().any(|e| e.form == Form::Adj)
            {
                k += 1;
                continue;
            }
            // "under IS control" / "IS fighters still control X": the form by the words before
            let under_before = (k.saturating_sub(4).max(sent.tok_start)..k)
                .any(|j| matches!(ctx.word(j), "under" | "in"));
            // (with both forms among them, only those of the form the words before say)
            let (mut under, mut act) = (false, false);
            for e in options() {
                under |= e.form == Form::Under;
                act |= e.form == Form::Act;
            }
            let both_forms = under && act;
            // the first option chosen whose form says whether a hyphenated actor comes before,
            // else the first chosen (one pass)
            let mut first_chosen = None;
            let mut ev = None;
            for e in options().filter(|e| !both_forms || (e.form == Form::Under) == under_before) {
                first_chosen = first_chosen.or(Some(e));
                if (e.form == Form::Adj) == prev_hyphen_actor {
                    ev = Some(e);
                    break;
                }
            }
            let ev = ev.or(first_chosen);
            let Some(ev) = ev else {
                k += 1;
                continue;
            };
            if held_in_subject_of_loss(&ctx, k, te, sent.tok_end, ev) {
                k = te;
                continue;
            }
            // "the besieged 137th Brigade base", "their besieged garrison": an adjective for the
            // place's plight; who besieges it is not said here
            if matches!(ctx.word(k), "besieged" | "encircled" | "surrounded")
                && k > sent.tok_start
                && matches!(ctx.word(k - 1), "the" | "its" | "their" | "a" | "an")
            {
                k = te;
                continue;
            }
            let event_text = &article.text[toks.tokens[k].start..toks.tokens[te - 1].end];
            let passive = is_passive(&ctx, sent.tok_start, k, te, ev);
            let mut out = extract_event(&ctx, s, events, k, te, ev, passive, event_text);
            if out.is_empty() && ev.form == Form::Fall {
                // "the town had fallen": to the side the article last reported taking it
                out = fell_to_last_taker(&ctx, s, k, te, &claims, event_text);
            }
            if out.is_empty() && ev.form == Form::Nom && ev.claim_type == ClaimType::Contested {
                // "fighting was still going on in X, the YPG's spokesman said": no fighter
                // named, a party speaks of its own fight
                out = speaker_fight(&ctx, s, k, te, &memory, event_text);
            }
            if out.is_empty() {
                k += 1;
                continue;
            }
            let (sentence_dates, starts) = &*dated.get_or_insert_with(|| {
                let found =
                    dates::find_dates(&ctx.words[sent.tok_start..sent.tok_end], ctx.published);
                // (the starts only place a date)
                let starts = if found.is_empty() {
                    Vec::new()
                } else {
                    event_starts(&ctx, sent.tok_start, sent.tok_end)
                };
                (found, starts)
            });
            // attribution, certainty, date
            for c in out.iter_mut() {
                let country = ctx.place_country(&Target {
                    mention: c.mention,
                    relative: c.relative,
                });
                // (the attribution's sayer taken over, not copied; the token of its speech
                // word kept for the date)
                let (mut certainty, claimed_by, named_sayer, said_at) =
                    match ctx.attribution(s, k, country, &memory) {
                        Some((a, at)) => (a.certainty, a.claimed_by, a.named, Some(at)),
                        None => (Certainty::Reported, "reporter".to_string(), false, None),
                    };
                // a fight or capture named as a noun, then a modal: "the clearing of the city
                // would follow", "the battle for Raqqa could begin"; or the next sentence says
                // the claim could not be verified
                // a gerund as subject: "(officials said) capturing it would cut the route"
                let gerund_subject = ctx.word(k).ends_with("ing")
                    && (k == sent.tok_start
                        || matches!(ctx.word(k - 1), "said" | "says" | "that")
                        || ctx.toks.tokens[k - 1].next_char == ',');
                let modal_after = (ev.form == Form::Nom || gerund_subject)
                    && (te..(te + 8).min(sent.tok_end))
                        .take_while(|&j| j == te || ctx.toks.tokens[j - 1].next_char != ',')
                        .any(|j| matches!(ctx.word(j), "would" | "could" | "may" | "might"));
                if ctx.hedged(s, k) || modal_after || unverified_after(&ctx, s) {
                    certainty = Certainty::Hedged;
                    c.confidence *= 0.9;
                }
                let no_longer = (sent.tok_start.max(k.saturating_sub(4))..k)
                    .any(|j| ctx.word(j) == "no" && ctx.word(j + 1) == "longer");
                if no_longer && c.claim_type == ClaimType::Held {
                    // "IS no longer holds X": X was lost, which is not a denial
                    c.claim_type = ClaimType::Lost;
                } else if ctx.negated(s, k) {
                    certainty = Certainty::Denied;
                }
                // "its spokesman said fighters had captured X": the speaker's own fighters
                if c.inferred_actor
                    && named_sayer
                    && certainty == Certainty::Claimed
                    && PARTIES.contains(&claimed_by.as_str())
                    && claimed_by != c.actor
                    && c.from_actor.as_deref() != Some(claimed_by.as_str())
                    && c.claim_type != ClaimType::Lost
                {
                    c.actor = claimed_by.clone();
                }
                c.claimed_by = claimed_by;
                c.certainty = certainty;
                // the date nearest to the event word
                let rel_k = k - sent.tok_start;
                let best = sentence_dates
                    .iter()
                    .filter(|d| date_owner(&ctx, sent.tok_start, starts, d) == Some(k))
                    // "has held X since June 2014" is a state as of the report, not of June
                    // 2014; in narrative past ("X had been in IS hands since June, when")
                    // the since-date is what the sentence is about
                    .filter(|d| {
                        c.claim_type != ClaimType::Held
                            || d.at.is_none_or(|(a, _)| {
                                // "since June 2014", "since the summer of 2014"
                                let a = sent.tok_start + a;
                                !(a.saturating_sub(4).max(sent.tok_start)..=a)
                                    .any(|j| ctx.word(j) == "since")
                            })
                            || narrative_past(&ctx, sent.tok_start, k, said_at)
                    })
                    .min_by_key(|d| {
                        let (a, b) = d.at.unwrap_or((0, 0));
                        if b <= rel_k {
                            rel_k - b
                        } else {
                            a.saturating_sub(rel_k + len)
                        }
                    });
                c.date = match (best, ctx.published) {
                    (Some(d), _) => written(&ctx, sent.tok_start, d),
                    (None, Some(p)) => as_clause_date(&ctx, sent.tok_start, k, sentence_dates)
                        .or_else(|| era_date(&ctx, sent.tok_start, k, &*c))
                        .unwrap_or(ClaimDate::day(p, None, None)),
                    (None, None) => {
                        ClaimDate::day(jiff::civil::Date::constant(1970, 1, 1), None, None)
                    }
                };
                if c.from_actor.is_none()
                    && matches!(c.claim_type, ClaimType::Captured | ClaimType::Contested)
                    && c.actor != "islamic_state"
                {
                    // settled after the article is read: a holder it names, else IS when the
                    // article names IS
                    c.from_actor = Some(FROM_DEFAULT.into());
                }
                if c.from_actor.as_deref() == Some(c.actor.as_str()) {
                    c.from_actor = None;
                }
            }
            for c in out {
                let seen = claims[sent_claims..].iter().any(|d| {
                    d.mention == c.mention
                        && d.relative == c.relative
                        && d.claim_type == c.claim_type
                        && d.actor == c.actor
                });
                if !seen {
                    claims.push(c);
                }
            }
            k = te;
        }
    }
    settle_default_losers(&ctx, &mut claims, article_has_is);
    drop_holdings_lost_in_same_sentence(&ctx, &mut claims);
    if ctx.published.is_none() {
        for c in claims.iter_mut() {
            c.confidence *= 0.8;
        }
    }
    claims
}

/// The state a nationality adjective before "officials", "commander" ... speaks for.
fn nationality_actor(w: &str, place_country: Option<&str>) -> Option<&'static str> {
    Some(match w {
        "turkish" | "turkey" => "turkey",
        "iraqi" | "iraq" => "iraqi_forces",
        "syrian" | "syria" => "syrian_government",
        "russian" | "russia" => "russia",
        "iranian" | "iran" => "iran",
        "american" | "us" | "u.s" | "u.s." => "us_coalition",
        "coalition" => "us_coalition",
        "kurdish" | "peshmerga" => {
            if place_country == Some("SY") {
                "sdf"
            } else {
                "kurdistan_region"
            }
        }
        _ => return None,
    })
}

/// Marks a `from_actor` still to settle: the jihadists by default.
const FROM_DEFAULT: &str = "@from_default";

/// A capture whose loser the sentence does not name lost it to the holder the article names
/// for the same place (a `held` or `lost` claim of another side, nearest first), else to
/// Islamic State (the article names it).
fn settle_default_losers(ctx: &Ctx, claims: &mut [Claim], has_is: bool) {
    let holders: Vec<(Option<u32>, usize, String)> = claims
        .iter()
        .filter(|c| {
            c.relative.is_none()
                && matches!(c.claim_type, ClaimType::Held | ClaimType::Lost)
                && c.certainty != Certainty::Denied
        })
        .map(|c| {
            (
                ctx.geo.mentions[c.mention].place,
                c.sentence,
                c.actor.clone(),
            )
        })
        .collect();
    for c in claims.iter_mut() {
        if c.from_actor.as_deref() != Some(FROM_DEFAULT) {
            continue;
        }
        let place = ctx.geo.mentions[c.mention].place;
        let holder = holders
            .iter()
            .filter(|(p, _, a)| {
                c.relative.is_none() && place.is_some() && *p == place && *a != c.actor
            })
            .min_by_key(|(_, s, _)| s.abs_diff(c.sentence))
            .map(|(_, _, a)| a.clone());
        c.from_actor = holder.or_else(|| has_is.then(|| "islamic_state".to_string()));
    }
}

/// The sentence after `s` says what came before could not be verified ("The claim could not be
/// independently verified", "Reuters could not confirm the report").
fn unverified_after(ctx: &Ctx, s: usize) -> bool {
    let Some(next) = ctx.toks.sentences.get(s + 1) else {
        return false;
    };
    // (its first twelve words)
    let w = (ctx.words)
        .get(next.tok_start..next.tok_end.min(next.tok_start + 12))
        .unwrap_or(&[]);
    let not = w.windows(2).any(|p| {
        matches!(
            p,
            ["could", "not"] | ["cannot", _] | ["can", "not"] | ["was", "not"]
        )
    });
    not && w.iter().any(|x| {
        matches!(
            *x,
            "verified" | "verify" | "confirmed" | "confirm" | "independently"
        )
    })
}

/// "had" before the event word `k`, not backshifted by a speech verb before it ("X said IS had
/// held"): the sentence tells the past as past.
fn narrative_past(ctx: &Ctx, sent_start: usize, k: usize, speech: Option<usize>) -> bool {
    let had = (sent_start.max(k.saturating_sub(6))..k).any(|j| ctx.word(j) == "had");
    had && speech.is_none_or(|a| a > k)
}

/// The tokens from `from` up to `to` an event pattern begins at ([`Ctx::event_at`]).
fn sentence_events<'c>(ctx: &'c Ctx, from: usize, to: usize) -> &'c [usize] {
    let lo = ctx.events.partition_point(|&e| e < from);
    let hi = ctx.events.partition_point(|&e| e < to);
    ctx.events.get(lo..hi).unwrap_or(&[])
}

/// The tokens an event pattern begins at ([`Ctx::event_at`]), in order: looked for in one pass
/// over the article (most sentences have none).
fn event_tokens(lx: &Lexicon, ids: &[WordId]) -> Vec<usize> {
    let mut out = Vec::new();
    for (k, &id) in ids.iter().enumerate() {
        // (most words start no event pattern: told by their id alone)
        if lx.events.may_start(id) && lx.events.matches_ids(ids, k).next().is_some() {
            out.push(k);
        }
    }
    out
}

/// The first of `events` (a sentence's [`sentence_events`]) from token `t` on that is not
/// "held", "control" or "hands".
fn next_event(ctx: &Ctx, events: &[usize], t: usize) -> Option<usize> {
    let from = events.partition_point(|&e| e < t);
    events[from..]
        .iter()
        .copied()
        .find(|&j| !matches!(ctx.word(j), "held" | "control" | "hands"))
}

/// Where the event words of a sentence start.
fn event_starts(ctx: &Ctx, from: usize, to: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut k = from;
    while k < to {
        match ctx.matches(&ctx.lx.events, k).next() {
            // "the Kurdish-held town": an adjective, not an event a date could belong to
            Some((len, _))
                if k > 0
                    && ctx.toks.tokens[k - 1].next_char == '-'
                    && matches!(ctx.word(k), "held" | "controlled" | "occupied") =>
            {
                k += len;
            }
            Some((len, _)) if !not_an_event(ctx.word(k), ctx.word(k + len)) => {
                out.push(k);
                k += len;
            }
            _ => k += 1,
        }
    }
    out
}

/// "all the territory the group had held in Syria had been recaptured": the holding is the
/// subject's description; what the sentence says is that it was lost (read at the capture).
fn held_in_subject_of_loss(
    ctx: &Ctx,
    k: usize,
    te: usize,
    sent_end: usize,
    ev: &lexicon::Event,
) -> bool {
    if ev.claim_type != ClaimType::Held || ev.form != Form::Act || k == 0 {
        return false;
    }
    if !matches!(ctx.word(k - 1), "had" | "has" | "have" | "once") {
        return false;
    }
    (te..(te + 6).min(sent_end)).any(|j| {
        matches!(ctx.word(j), "had" | "has" | "have" | "was" | "were")
            && [j + 1, j + 2].into_iter().any(|v| {
                v < sent_end
                    && (v == j + 1 || ctx.word(j + 1) == "been")
                    && ctx
                        .matches(&ctx.lx.events, v)
                        .any(|(_, e)| ctx.lx.events.items[e].claim_type == ClaimType::Captured)
            })
    })
}

/// "Hajin, the last town in the hands of IS, fell to the SDF": the holding describes the place as
/// it was until the event the sentence reports; dated the day of the report it would say the
/// opposite of that event. An undated holding is dropped when its sentence says the same place
/// was taken by another side or lost by the holder.
fn drop_holdings_lost_in_same_sentence(ctx: &Ctx, claims: &mut Vec<Claim>) {
    let place_of = |c: &Claim| {
        let m = &ctx.geo.mentions[c.mention];
        (m.place.or(m.part_of), c.relative.is_some())
    };
    let gone: Vec<bool> = claims
        .iter()
        .map(|c| {
            c.claim_type == ClaimType::Held
                && c.date.text.is_none()
                && claims.iter().any(|d| {
                    d.sentence == c.sentence
                        && place_of(d) == place_of(c)
                        && place_of(d).0.is_some()
                        && ((d.claim_type == ClaimType::Captured && d.actor != c.actor)
                            || (d.claim_type == ClaimType::Lost && d.actor == c.actor))
                })
        })
        .collect();
    let mut i = 0;
    claims.retain(|_| {
        i += 1;
        !gone[i - 1]
    });
}

/// "ISIL seized al-Qaim in 2014 as it swept across western Iraq": an event in an "as" or
/// "while" clause with no date of its own happened when the clause before it did.
fn as_clause_date(
    ctx: &Ctx,
    sent_start: usize,
    k: usize,
    dates: &[ClaimDate],
) -> Option<ClaimDate> {
    let conj = (k.saturating_sub(4).max(sent_start)..k)
        .rev()
        .find(|&j| matches!(ctx.word(j), "as" | "while" | "after"))?;
    // "as" right before the subject and its verb, not "as well as" or "such as"
    if matches!(ctx.word(conj.wrapping_sub(1)), "well" | "such" | "same") || conj + 1 == k {
        return None;
    }
    let d = dates
        .iter()
        .rfind(|d| d.at.is_some_and(|(_, b)| sent_start + b <= conj))?;
    Some(written(ctx, sent_start, d))
}

/// A sentence's date with `date_text` the words as written in the article.
fn written(ctx: &Ctx, sent_start: usize, d: &ClaimDate) -> ClaimDate {
    let mut d = d.clone();
    if let Some((a, b)) = d.at {
        let (ta, tb) = (sent_start + a, sent_start + b);
        if tb > ta && tb <= ctx.toks.tokens.len() {
            d.text =
                Some(ctx.text[ctx.toks.tokens[ta].start..ctx.toks.tokens[tb - 1].end].to_string());
        }
    }
    d
}

/// An undated past state dated by the actor's era: "IS once held a third of Syria and Iraq" is
/// about the caliphate's height (src/claims/lexicon/eras.tsv), not the day of the report.
fn era_date(ctx: &Ctx, sent_start: usize, k: usize, c: &Claim) -> Option<ClaimDate> {
    if c.claim_type != ClaimType::Held {
        return None;
    }
    (sent_start..k).find_map(|j| {
        ctx.matches(&ctx.lx.eras, j).find_map(|(len, i)| {
            let (actor, year) = &ctx.lx.eras.items[i];
            if *actor != c.actor || j + len > k {
                return None;
            }
            let text =
                ctx.text[ctx.toks.tokens[j].start..ctx.toks.tokens[j + len - 1].end].to_string();
            ClaimDate::year_of(*year, Some(text))
        })
    })
}

/// The event a date belongs to: the last event word before it ("was overrun by Daesh in August
/// 2014"), or the first after it when none comes before or when a speech word introduces it
/// ("said on May 23 that they had retaken").
fn date_owner(ctx: &Ctx, sent_start: usize, starts: &[usize], d: &ClaimDate) -> Option<usize> {
    let (a, _) = d.at?;
    let a = sent_start + a;
    let after_speech = (a.saturating_sub(2)..a).any(|k| ctx.speech_at(k));
    let before = starts.iter().copied().rfind(|&s| s < a);
    let after = starts.iter().copied().find(|&s| s >= a);
    // "a day after X": the date is X's (the event after it)
    let relates_next = d.text.as_deref().is_some_and(|t| t.ends_with("after"));
    // "X said on Tuesday that troops took Y": the reported event follows; "X said on Tuesday,
    // in one of the gains since ... swept across": after a comma it is an aside
    let (_, b) = d.at?;
    let clause_goes_on = |n: usize| {
        !(sent_start + b.max(1) - 1..n).any(|k| matches!(ctx.toks.tokens[k].next_char, ',' | ';'))
    };
    // "In a counter-attack earlier this month, IS recaptured X": an opening phrase dates the
    // clause it introduces
    let opening = |p: usize| {
        b > 0
            && matches!(
                ctx.word(sent_start),
                "in" | "during" | "after" | "following" | "amid" | "with"
            )
            && ctx.toks.tokens[sent_start + b - 1].next_char == ','
            && !(sent_start..p).any(|k| matches!(ctx.toks.tokens[k].next_char, ',' | ';'))
            && !(sent_start..a).any(|k| ctx.speech_at(k))
    };
    // "ISIL, which declared a caliphate in June, still holds Sinjar": a date inside a relative
    // clause set off by commas is that clause's
    let in_relative_clause = |n: usize| {
        let last_comma = (sent_start..a)
            .rev()
            .find(|&k| ctx.toks.tokens[k].next_char == ',')
            .map_or(sent_start, |k| k + 1);
        (last_comma..a).any(|k| matches!(ctx.word(k), "which" | "who"))
            && (sent_start + b.max(1) - 1..n).any(|k| ctx.toks.tokens[k].next_char == ',')
    };
    match (before, after) {
        (None, Some(n)) if in_relative_clause(n) => None,
        (Some(p), Some(n)) if relates_next || (after_speech && clause_goes_on(n)) || opening(p) => {
            Some(n)
        }
        (Some(b), _) => Some(b),
        (None, n) => n,
    }
}

const AUX: &[&str] = &["was", "were", "been", "being", "be", "is", "are"];

/// A passive event: "PLACE was (fully) captured (by X)", "retaken by X". Forms ending in -ing and
/// patterns ending in a preposition (moved into) are never passive.
fn is_passive(ctx: &Ctx, sent_start: usize, k: usize, te: usize, ev: &lexicon::Event) -> bool {
    if !matches!(ev.form, Form::Act | Form::Expel) || ev.claim_type == ClaimType::Held {
        return false;
    }
    let first = ctx.word(k);
    let last = ctx.word(te - 1);
    if first.ends_with("ing")
        || matches!(
            last,
            "into" | "on" | "towards" | "toward" | "for" | "from" | "of" | "to" | "in"
        )
    {
        return false;
    }
    let mut j = k;
    let mut hops = 0;
    while j > sent_start && hops < 3 {
        j -= 1;
        let w = ctx.word(j);
        if AUX.contains(&w) {
            return true;
        }
        if !matches!(
            w,
            "fully"
                | "completely"
                | "now"
                | "also"
                | "declared"
                | "reportedly"
                | "largely"
                | "entirely"
                | "finally"
                | "recently"
                | "later"
                | "since"
                | "already"
                | "been"
        ) {
            break;
        }
        hops += 1;
    }
    // a participle with its agent: "retaken by Kurdish forces"
    ctx.word(te) == "by" && ctx.actors.iter().any(|a| a.ts == te + 1 || a.ts == te + 2)
}

/// The place the clause before token `conj` of sentence `s` is about: the last place it names
/// (not a country), else the place an event in it refers back to ("overran the frontier post").
fn main_clause_place(ctx: &Ctx, s: usize, conj: usize) -> Option<usize> {
    let start = ctx.toks.sentences[s].tok_start;
    let named = ctx.sentence_mentions(s).rfind(|&i| {
        let m = &ctx.geo.mentions[i];
        m.tok_end <= conj && m.point.is_some() && !ctx.is_country(i)
    });
    named.or_else(|| {
        (start..conj).find_map(|j| {
            let (n, _) = ctx.matches(&ctx.lx.events, j).next()?;
            anaphoric_target(ctx, s, j + n)
        })
    })
}

/// "the crossing", "the town", "it" right after an event word: the last place of that kind.
fn anaphoric_target(ctx: &Ctx, s: usize, te: usize) -> Option<usize> {
    let mut j = te;
    // "IS positions at the post", "militant lines inside the city": whose positions, then where
    if let Some(a) = ctx.sentence_actors(s).find(|&a| ctx.actors[a].ts == j) {
        j = ctx.actors[a].te;
    }
    if matches!(
        ctx.word(j),
        "positions" | "lines" | "defences" | "defenses" | "fighters"
    ) && matches!(ctx.word(j + 1), "at" | "in" | "inside" | "around" | "near")
    {
        j += 2;
    } else {
        j = te;
    }
    // "both sides of the frontier post"
    if ctx.word(j) == "both" && ctx.word(j + 1) == "sides" && ctx.word(j + 2) == "of" {
        j += 3;
    }
    // "most of the town", "parts of the city", "the rest of the city"
    if ctx.word(j) == "the" && matches!(ctx.word(j + 1), "rest" | "remainder") {
        j += 1;
    }
    if matches!(
        ctx.word(j),
        "most" | "much" | "parts" | "part" | "all" | "half" | "rest" | "remainder"
    ) && ctx.word(j + 1) == "of"
    {
        j += 2;
    }
    if matches!(ctx.word(j), "the" | "this") {
        j += 1;
    }
    let first = j;
    while matches!(
        ctx.word(j),
        "whole"
            | "entire"
            | "nearby"
            | "neighbouring"
            | "besieged"
            | "strategic"
            | "key"
            | "main"
            | "border"
            | "frontier"
    ) && j < first + 2
    {
        j += 1;
    }
    // "the heart of the city", "the centre of the town": the place itself
    if matches!(ctx.word(j), "centre" | "center" | "heart")
        && ctx.word(j + 1) == "of"
        && matches!(ctx.word(j + 2), "the" | "this")
        && matches!(ctx.word(j + 3), "town" | "city" | "village")
    {
        j += 3;
    }
    let noun = ctx.word(j);
    if ctx.word(j + 1) == "of" {
        return None; // "the town of X" names the place
    }
    let want: &[Kind] = match noun {
        "crossing" | "post" => &[Kind::BorderCrossing],
        "town" | "city" | "village" => &[Kind::Town, Kind::City, Kind::Village],
        // "entered the centre": of the town the article is about
        "centre" | "center" | "heart" if j > te => &[Kind::Town, Kind::City, Kind::Village],
        "field" | "plant" | "base" | "airport" | "camp" => &[Kind::Other],
        "it" if j == te => &[
            Kind::Town,
            Kind::City,
            Kind::Village,
            Kind::BorderCrossing,
            Kind::Other,
            Kind::District,
        ],
        _ => return None,
    };
    // (the name lowered only for those two nouns)
    let word_ok = |m: &crate::geoparse::Mention| {
        matches!(noun, "crossing" | "field") && m.text.to_lowercase().contains(noun)
    };
    let tok = ctx.toks.tokens.get(j)?;
    // the mentions before token `j` (in text order: one starting at `j` or after ends after it)
    let before = ctx.geo.mentions.partition_point(|m| m.tok_start < j);
    let from = ctx.mention_starts[s.saturating_sub(4)].min(before);
    let candidates: Vec<(usize, Option<Kind>)> = ctx.geo.mentions[from..before]
        .iter()
        .enumerate()
        .map(|(i, m)| (from + i, m))
        .filter(|(_, m)| m.end <= tok.start && m.sentence + 4 >= s && m.point.is_some())
        .filter_map(|(i, m)| {
            let kind = m.place.or(m.part_of).map(|p| ctx.gaz.place(p).kind);
            (kind.is_some_and(|k| want.contains(&k)) || word_ok(m)).then_some((i, m, kind))
        })
        // "the Sinjar district, northwest of Mosul": Mosul only says where something else is
        // (in a sentence before; in the same one it is still in mind); asked last, being the
        // dearest
        .filter(|(i, m, _)| m.sentence == s || !ctx.is_apposition_anchor(*i))
        .map(|(i, _, kind)| (i, kind))
        .collect();
    // "the town" is a town before it is a city, "the city" a city before a town
    let exact = match noun {
        "town" => Some(Kind::Town),
        "city" => Some(Kind::City),
        "village" => Some(Kind::Village),
        _ => None,
    };
    // among those, the place the article has named most so far (its subject), then the latest
    let salience = |i: usize| {
        let p = ctx.geo.mentions[i].place;
        ctx.geo.mentions[..before]
            .iter()
            .filter(|m| m.end <= tok.start && p.is_some() && m.place == p)
            .count()
    };
    // (over candidates kept with their position among all of them: a subset keeps their order,
    // so the latest is still the one furthest on, and no second list need be built)
    let pick = |c: &mut dyn Iterator<Item = (usize, &(usize, Option<Kind>))>| {
        c
            // "it" is local: the latest place; a noun may reach back to the article's subject
            .max_by_key(|(n, (i, _))| (if noun == "it" { 0 } else { salience(*i) }, *n))
            .map(|(_, (i, _))| *i)
    };
    // a place introduced with the same noun ("the border town of Kobani", "Zumar town") is the
    // antecedent: the latest such
    let cued = candidates.iter().rev().find(|(i, _)| {
        let m = &ctx.geo.mentions[*i];
        (m.tok_start.saturating_sub(3)..m.tok_start).any(|j| ctx.word(j) == noun)
            || ctx.word(m.tok_end) == noun
    });
    if let Some((i, _)) = cued {
        return Some(*i);
    }
    exact
        .and_then(|x| {
            pick(
                &mut candidates
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, k))| *k == Some(x)),
            )
        })
        .or_else(|| pick(&mut candidates.iter().enumerate()))
}

/// "X fell" / "the town had fallen" with no "to": captured by the side the article already
/// reported taking or attacking the same place (its last such claim), from whom it took it.
fn fell_to_last_taker(
    ctx: &Ctx,
    s: usize,
    k: usize,
    te: usize,
    earlier: &[Claim],
    event_text: &str,
) -> Vec<Claim> {
    if (te..(te + 6).min(ctx.toks.sentences[s].tok_end)).any(|j| ctx.word(j) == "to") {
        return Vec::new();
    }
    let sent_start = ctx.toks.sentences[s].tok_start;
    // the subject: a place named just before, or "the town"
    let subject = (sent_start.max(k.saturating_sub(4))..k)
        .find(|&j| {
            ctx.word(j) == "the"
                && matches!(
                    ctx.word(j + 1),
                    "town" | "city" | "village" | "crossing" | "base" | "airport"
                )
        })
        .and_then(|j| anaphoric_target(ctx, s, j))
        .or_else(|| {
            ctx.geo
                .mentions
                .iter()
                .position(|m| m.sentence == s && m.tok_end <= k && m.tok_end + 3 >= k)
        });
    let Some(m) = subject else {
        return Vec::new();
    };
    let place = ctx.geo.mentions[m].place;
    if place.is_none() || ctx.is_country(m) {
        return Vec::new();
    }
    let Some(prev) = earlier.iter().rev().find(|c| {
        c.relative.is_none()
            && ctx.geo.mentions[c.mention].place == place
            && matches!(c.claim_type, ClaimType::Captured | ClaimType::Contested)
            && c.certainty != Certainty::Denied
            && c.sentence + 8 >= s
    }) else {
        return Vec::new();
    };
    vec![Claim {
        mention: m,
        relative: None,
        claim_type: ClaimType::Captured,
        actor: prev.actor.clone(),
        actor_text: prev.actor_text.clone(),
        from_actor: prev.from_actor.clone(),
        // (set from the attribution by the caller)
        claimed_by: String::new(),
        certainty: Certainty::Reported,
        date: ClaimDate::day(jiff::civil::Date::constant(1970, 1, 1), None, None),
        event: event_text.to_string(),
        confidence: 0.45,
        sentence: s,
        inferred_actor: false,
    }]
}

/// A fight named without a fighter, in the words of a named party: that party's fight.
fn speaker_fight(
    ctx: &Ctx,
    s: usize,
    k: usize,
    te: usize,
    memory: &HashMap<String, String>,
    event_text: &str,
) -> Vec<Claim> {
    // any actor in the sentence other than the speaker makes the fighter ambiguous
    let Some((attr, a)) = ctx.attribution(s, k, None, memory) else {
        return Vec::new();
    };
    if !attr.named || !PARTIES.contains(&attr.claimed_by.as_str()) {
        return Vec::new();
    }
    let sent = &ctx.toks.sentences[s];
    let others = ctx
        .actors
        .iter()
        .any(|m| m.sentence == s && !(m.te <= a || m.ts >= a.max(k)) && !m.id.starts_with('@'));
    if others {
        return Vec::new();
    }
    ctx.places_right(s, te, sent.tok_end)
        .into_iter()
        .filter(|t| !ctx.is_country(t.mention))
        .take(3)
        .map(|t| Claim {
            mention: t.mention,
            relative: t.relative,
            claim_type: ClaimType::Contested,
            actor: attr.claimed_by.clone(),
            actor_text: String::new(),
            from_actor: None,
            // (set from the attribution by the caller)
            claimed_by: String::new(),
            certainty: Certainty::Reported,
            date: ClaimDate::day(jiff::civil::Date::constant(1970, 1, 1), None, None),
            event: event_text.to_string(),
            confidence: 0.4,
            sentence: s,
            inferred_actor: true,
        })
        .collect()
}

/// Bare nouns for fighters that say nothing of whose they are.
const GENERIC_FIGHTERS: &[&str] = &[
    "fighters",
    "the fighters",
    "forces",
    "the forces",
    "troops",
    "units",
    "our forces",
    "our fighters",
];

/// Sides that fight for ground (a speaker among them speaks of its own fighters).
const PARTIES: &[&str] = &[
    "pmf",
    "iraqi_forces",
    "peshmerga",
    "sdf",
    "syrian_government",
    "syrian_rebels",
    "ybs",
];

/// Whether an actor's words are one of the [`GENERIC_FIGHTERS`] (in any case).
fn is_generic_fighter(text: &str) -> bool {
    if text.is_ascii() {
        GENERIC_FIGHTERS
            .iter()
            .any(|g| g.eq_ignore_ascii_case(text))
    } else {
        GENERIC_FIGHTERS.contains(&text.to_lowercase().as_str())
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The claims of one event word (at `k` in sentence `s`, whose [`sentence_events`] are
/// `events`).
#[allow(clippy::too_many_arguments)]
fn extract_event(
    ctx: &Ctx,
    s: usize,
    events: &[usize],
    k: usize,
    te: usize,
    ev: &lexicon::Event,
    passive: bool,
    event_text: &str,
) -> Vec<Claim> {
    let sent = &ctx.toks.sentences[s];
    let mut claim_type = ev.claim_type;
    // "artillery was being moved into X": forces brought in, a presence rather than a capture
    if claim_type == ClaimType::Captured
        && matches!(ctx.word(k), "moved" | "sent" | "brought")
        && k > sent.tok_start
        && matches!(ctx.word(k - 1), "being" | "been" | "was" | "were")
    {
        claim_type = ClaimType::Held;
    }
    // "an offensive to retake X", "a push to capture X": the fight for it, not its capture
    if claim_type == ClaimType::Captured && ctx.word(k.wrapping_sub(1)) == "to" {
        let lo = sent.tok_start.max(k.saturating_sub(6));
        if (lo..k - 1).any(|j| {
            matches!(
                ctx.word(j),
                "offensive"
                    | "operation"
                    | "operations"
                    | "campaign"
                    | "push"
                    | "bid"
                    | "battle"
                    | "drive"
                    | "assault"
                    | "attempt"
                    | "effort"
                    | "efforts"
                    | "fight"
                    | "fighting"
                    | "advance"
                    | "attack"
                    | "moving"
                    | "trying"
                    | "seeking"
                    | "struggling"
            )
        }) {
            claim_type = ClaimType::Contested;
        }
    }
    let mut from_actor: Option<usize> = None;
    let mut confidence = 0.85;
    let mut inferred = false;
    // next event word: places after it belong to it
    let next_event = next_event(ctx, events, te).unwrap_or(sent.tok_end);
    let (targets, actors): (Vec<Target>, Vec<usize>) = match ev.form {
        Form::Act | Form::Lose | Form::Nom | Form::Expel if !passive => {
            let mut start = te;
            if ev.form == Form::Expel {
                // drove LOSER out of PLACE
                let loser = ctx.actors_right(s, te, 3).next();
                let out_of = (te..(te + 8).min(sent.tok_end))
                    .find(|&j| matches!(ctx.word(j), "out" | "from"));
                match (loser, out_of) {
                    (Some(l), Some(o)) if ctx.actors[l].te <= o => {
                        from_actor = Some(l);
                        start = o;
                    }
                    _ => {
                        if matches!(ctx.word(te), "into" | "towards" | "toward" | "on" | "to") {
                            // "a push into the valley" is a noun: the fight, not the capture
                            let noun = matches!(
                                ctx.word(k.wrapping_sub(1)),
                                "a" | "the" | "its" | "their" | "new" | "major"
                            );
                            claim_type = if ctx.word(te) == "into" && !noun {
                                ClaimType::Captured
                            } else {
                                ClaimType::Contested
                            };
                        } else {
                            return Vec::new();
                        }
                    }
                }
            }
            let mut places = match anaphoric_target(ctx, s, start) {
                Some(m) => vec![Target {
                    mention: m,
                    relative: None,
                }],
                None => ctx.places_right(s, start, next_event),
            };
            // held, with the place before: "Falluja, which IS still holds"
            // (a region of a country, "in eastern Syria", is a place of its own)
            if claim_type == ClaimType::Held
                && places
                    .iter()
                    .all(|t| ctx.is_country(t.mention) && t.relative.is_none())
            {
                if let Some((t, true)) = ctx.place_left(s, k) {
                    // only when the verb has no object of its own: a relative clause about the
                    // place, or the verb closes the clause ("IS still holds the last strip of
                    // land" is not about the place before)
                    let m_end = ctx.geo.mentions[t.mention].tok_end;
                    let relative_clause =
                        (m_end..k).any(|j| matches!(ctx.word(j), "which" | "that" | "where"));
                    let closes = te >= sent.tok_end
                        || matches!(ctx.toks.tokens[te - 1].next_char, ',' | '.' | ';' | ':')
                        || matches!(
                            ctx.word(te),
                            "since"
                                | "until"
                                | "for"
                                | "now"
                                | "still"
                                | "and"
                                | "but"
                                | "in"
                                | "on"
                                | "at"
                                | "near"
                                | "along"
                                | "across"
                                | "inside"
                        );
                    if (relative_clause || closes) && !ctx.is_heading_country(t.mention) {
                        places = vec![t];
                    }
                }
            }
            // "have taken most of Raqqa": they hold the larger part, a standing state
            // (a noun is the event itself: "its sweep across much of northern Iraq")
            if claim_type == ClaimType::Captured && ev.form != Form::Nom {
                if let Some(t) = places.first() {
                    let ms = ctx.geo.mentions[t.mention].tok_start;
                    if ms > start
                        && ms <= start + 4
                        && (start..ms).any(|j| {
                            matches!(ctx.word(j), "most" | "much" | "half" | "parts")
                                && ctx.word(j + 1) == "of"
                        })
                    {
                        claim_type = ClaimType::Held;
                    }
                }
            }
            // a country as the object of a capture is rarely meant (the border with Syria)
            if matches!(claim_type, ClaimType::Captured | ClaimType::Contested) {
                places.retain(|t| {
                    !ctx.is_country(t.mention)
                        || t.relative.is_some()
                        || ctx.geo.mentions[t.mention].tok_start <= start + 1
                });
            }
            // "Mosul, which Iraqi forces recaptured in July": the place the clause is about
            if places.is_empty() {
                if let Some((t, true)) = ctx.place_left(s, k) {
                    let m_end = ctx.geo.mentions[t.mention].tok_end;
                    if k <= m_end + 7
                        && !ctx.is_heading_country(t.mention)
                        && (m_end..k).any(|j| matches!(ctx.word(j), "which" | "that"))
                    {
                        places = vec![t];
                    }
                }
            }
            // "pulled out toward Mosul": Mosul is where they went, not what they lost; "troops
            // withdrew, leaving Damascus ...": the verb has no object
            if ev.form == Form::Lose
                && (matches!(ctx.word(te), "toward" | "towards" | "to" | "into")
                    || matches!(ctx.toks.tokens[te - 1].next_char, ',' | '.' | ';'))
            {
                places.clear();
            }
            if ev.form == Form::Lose {
                places.retain(|t| {
                    let ms = ctx.geo.mentions[t.mention].tok_start;
                    !(ms.saturating_sub(3).max(te)..ms)
                        .any(|j| matches!(ctx.word(j), "toward" | "towards" | "to" | "into"))
                });
            }
            // "the militants withdrew.": the place named last, only when the verb has no object
            let no_object = te >= sent.tok_end
                || matches!(ctx.word(te), "toward" | "towards" | "to" | "into")
                || matches!(ctx.toks.tokens[te - 1].next_char, ',' | '.' | ';' | ':')
                || matches!(
                    ctx.word(te),
                    "on" | "in"
                        | "after"
                        | "as"
                        | "when"
                        | "overnight"
                        | "yesterday"
                        | "last"
                        | "early"
                        | "late"
                        | "without"
                        | "under"
                        | "before"
                );
            // "troops launched the operation last Sunday": the operation the article is about,
            // on the place it names most
            if places.is_empty()
                && claim_type == ClaimType::Contested
                && matches!(ctx.word(k), "launched" | "began" | "started")
                && no_object
            {
                if let Some(m) = ctx.salient_place(k) {
                    places = vec![Target {
                        mention: m,
                        relative: None,
                    }];
                    confidence = 0.45;
                }
            }
            if places.is_empty() && matches!(ev.form, Form::Lose) && no_object {
                // "IS overran the post in May 2015 after government troops withdrew": the
                // place of the clause before
                let conj = (k.saturating_sub(6).max(sent.tok_start)..k)
                    .rev()
                    .find(|&j| matches!(ctx.word(j), "after" | "when" | "as"));
                if let Some(m) = conj
                    .and_then(|c| main_clause_place(ctx, s, c))
                    .or_else(|| ctx.place_before(s))
                {
                    places = vec![Target {
                        mention: m,
                        relative: None,
                    }];
                    confidence = 0.45;
                }
            }
            // an actor between the event and the place is not the place's holder unless "from"
            let mut subj = ctx.subject(s, k);
            if ev.form == Form::Nom {
                // "the Pentagon said the battle for X": the speaker is not the fighter
                subj.retain(|&i| !ctx.is_sayer(&ctx.actors[i]));
                // "IS hands, and Yarallah said clashes were continuing": a speech verb between
                // them puts the actor in another clause
                // (a speech verb of the actor itself, "a military source described the capture
                // of X", leaves it the subject)
                subj.retain(|&i| {
                    let te_a = ctx.actors[i].te;
                    let Some(v) = (te_a..k).find(|&j| ctx.speech_at(j)) else {
                        return true;
                    };
                    !(te_a..v).any(|j| matches!(ctx.word(j), "and" | "but" | "while"))
                });
            }
            if ev.form == Form::Nom && subj.is_empty() {
                subj = ctx
                    .actors_right(s, te, 10)
                    .filter(|&i| ctx.after_by(i))
                    .collect();
            }
            if subj.is_empty() {
                // "taken by X" after the place
                subj = ctx
                    .actors_right(s, te, 6)
                    .filter(|&i| ctx.after_by(i))
                    .take(1)
                    .collect();
            }
            if subj.is_empty()
                && k >= 2
                && matches!(ctx.word(k - 1), "that" | "which")
                && matches!(
                    ctx.word(k - 2),
                    "campaign" | "offensive" | "operation" | "push" | "assault" | "advance"
                )
            {
                // "a campaign that drove IS from Mosul": the campaign of the side the article
                // follows
                subj = ctx.last_side_before(s, k, from_actor).into_iter().collect();
                confidence = 0.45;
                inferred = true;
            }
            (places, subj)
        }
        Form::Expel if matches!(ctx.word(te), "from" | "out") => {
            // passive expulsion: LOSER was driven out of PLACE (by ACTOR)
            let loser = ctx.subject(s, k).into_iter().next();
            from_actor = loser;
            let places = ctx.places_right(s, te, next_event);
            let by = ctx.actors_right(s, te, 12).find(|&i| ctx.after_by(i));
            let actors: Vec<usize> = match by {
                Some(a) => vec![a],
                None => {
                    confidence = 0.45;
                    inferred = true;
                    ctx.last_side_before(s, k, loser).into_iter().collect()
                }
            };
            (places, actors)
        }
        Form::Act | Form::Expel | Form::Lose | Form::Nom => {
            // passive: PLACE was captured (by ACTOR)
            let place = ctx.place_left(s, k).or_else(|| {
                ctx.places_right(s, te, next_event)
                    .first()
                    .map(|t| (*t, true))
            });
            let by = ctx.actors_right(s, te, 8).find(|&i| ctx.after_by(i));
            let actors = match by {
                Some(a) => {
                    // "by Kurdish and Iraqi forces", "by the army and the Hashd"
                    let mut v = vec![a];
                    let mut last = a;
                    while let Some(nx) = (last + 1..ctx.actors.len()).next().filter(|&j| {
                        ctx.actors[j].sentence == s
                            && ctx.actors[j].ts >= ctx.actors[last].te
                            && (ctx.actors[last].te..ctx.actors[j].ts)
                                .all(|w| matches!(ctx.word(w), "and" | "the"))
                            && (ctx.actors[last].te..ctx.actors[j].ts).any(|w| ctx.word(w) == "and")
                    }) {
                        v.push(nx);
                        last = nx;
                    }
                    v
                }
                None => {
                    confidence = 0.6;
                    let mut v = ctx.subject(s, k);
                    // "the territory the group had held had been recaptured": the holder named in
                    // the subject's own clause lost it; it is not who took it
                    let holder = |i: usize| {
                        let te_a = ctx.actors[i].te;
                        (te_a..(te_a + 3).min(k)).any(|j| {
                            ctx.matches(&ctx.lx.events, j)
                                .any(|(_, e)| ctx.lx.events.items[e].claim_type == ClaimType::Held)
                        })
                    };
                    if ev.claim_type == ClaimType::Captured {
                        if let Some(&h) = v.iter().find(|&&i| holder(i)) {
                            // taken by no one named: what is said is that the holder lost it
                            claim_type = ClaimType::Lost;
                            v = vec![h];
                        }
                    }
                    if v.is_empty() {
                        // '"Sinjar is liberated," a peshmerga commander said': the side that
                        // speaks of it, else the side named last
                        let speaker = (0..ctx.actors.len()).find(|&j| {
                            let p = &ctx.actors[j];
                            p.sentence == s && p.ts > te && ctx.is_sayer(p)
                        });
                        v = speaker
                            .or_else(|| ctx.last_side_before(s, k, from_actor))
                            .into_iter()
                            .collect();
                        confidence = 0.45;
                    }
                    v
                }
            };
            match place {
                Some((t, same)) => {
                    if !same {
                        confidence = 0.5;
                    }
                    (vec![t], actors)
                }
                None => (Vec::new(), actors),
            }
        }
        Form::Fall => {
            let place = ctx.place_left(s, k);
            let to = if ctx.word(te - 1) == "to" {
                Some(te)
            } else {
                (te..(te + 6).min(sent.tok_end))
                    .find(|&j| ctx.word(j) == "to")
                    .map(|j| j + 1)
            };
            let actor = to.and_then(|j| ctx.actors_right(s, j, 5).next());
            match (place, actor) {
                (Some((t, same)), Some(a)) => {
                    if !same {
                        confidence = 0.5;
                    }
                    (vec![t], vec![a])
                }
                _ => (Vec::new(), Vec::new()),
            }
        }
        Form::Adj => {
            let actor = ctx.actors.iter().position(|a| a.te == k && a.adj);
            let places = ctx.places_right(s, te, next_event.max(te + 6));
            (
                places.into_iter().take(1).collect(),
                actor.into_iter().collect(),
            )
        }
        Form::By => {
            let actor = ctx.actors_right(s, te, 4).next();
            // a country before "held by" is rarely what is held ("Russia's ministry said it hit
            // areas held by IS"): the place after it, if any, is meant
            let place = ctx
                .place_left(s, k)
                .filter(|(t, _)| !ctx.is_country(t.mention));
            // "units east of X had beaten off an attack by Y": the units held their ground
            if claim_type == ClaimType::Contested {
                from_actor = ctx.subject(s, k).into_iter().next();
            }
            match (place, actor) {
                (Some((t, _)), Some(a)) => (vec![t], vec![a]),
                (None, Some(a)) => {
                    // "land held by X": a relative place may follow
                    (ctx.places_right(s, te, sent.tok_end), vec![a])
                }
                _ => (Vec::new(), Vec::new()),
            }
        }
        Form::Hands | Form::Under => {
            // PLACE ... in ACTOR hands / under ACTOR control: the actor between the frame word
            // and the event word, the place before the frame word
            let frame = if ev.form == Form::Hands {
                "in"
            } else {
                "under"
            };
            let at = (sent.tok_start..k)
                .rev()
                .take(5)
                .find(|&j| ctx.word(j) == frame);
            let actor = at.and_then(|j| {
                ctx.actors
                    .iter()
                    .position(|a| a.sentence == s && a.ts > j && a.te <= k)
            });
            // "by the end of the day the crossing was in peshmerga hands", "X was now in the
            // alliance's hands": a change of hands, the capture; "still", "remains", "since"
            // keep it a holding
            if let Some(j) = at {
                let clause = sent.tok_start.max(j.saturating_sub(14))..j;
                let change = clause.clone().any(|i| {
                    ctx.word(i) == "now"
                        || (ctx.word(i) == "by"
                            && matches!(
                                ctx.word(i + 1),
                                "nightfall" | "noon" | "midday" | "evening" | "dusk" | "then"
                            ))
                        || (ctx.word(i) == "by"
                            && ctx.word(i + 1) == "the"
                            && matches!(ctx.word(i + 2), "end" | "evening" | "afternoon"))
                }) && matches!(
                    ctx.word(j - 1),
                    "was" | "is" | "were" | "are" | "now" | "entirely" | "fully" | "completely"
                ) && !(clause.start..sent.tok_end).any(|i| {
                    matches!(
                        ctx.word(i),
                        "still" | "remain" | "remains" | "remained" | "since"
                    )
                });
                if change {
                    claim_type = ClaimType::Captured;
                }
            }
            match (at.and_then(|j| ctx.place_left_within(s, j, 24)), actor) {
                (Some((t, same)), Some(a)) => {
                    if !same && ev.form == Form::Hands {
                        confidence = 0.5;
                    }
                    (vec![t], vec![a])
                }
                _ => (Vec::new(), Vec::new()),
            }
        }
        Form::Capital => {
            // the pattern's own possessive: "the city it treats as its capital"
            let own_possessive = (k..te).any(|j| matches!(ctx.word(j), "its" | "their"));
            let actor = ctx.actors.iter().position(|a| {
                a.sentence == s && a.te <= k && a.te + 2 >= k && {
                    // Islamic State's, the jihadists'
                    let t = &ctx.toks.tokens[a.te - 1];
                    own_possessive
                        || t.possessive
                        || (matches!(t.next_char, '\'' | '\u{2019}')
                            && ctx.toks.folded_of(t).ends_with('s'))
                }
            });
            let place = ctx.place_left(s, k);
            match (place, actor) {
                (Some((t, true)), Some(a)) => (
                    // the capital itself, not a place measured from it
                    vec![Target {
                        mention: t.mention,
                        relative: None,
                    }],
                    vec![a],
                ),
                _ => (Vec::new(), Vec::new()),
            }
        }
    };
    // a river is held or taken only in part: a bank or a stretch (a relative place), never whole;
    // a place named after the river may be meant ("villages on the Tigris, between A and B")
    let is_whole_river = |t: &Target| {
        t.relative.is_none()
            && ctx.geo.mentions[t.mention]
                .place
                .is_some_and(|p| ctx.gaz.place(p).kind == Kind::River)
    };
    let river_end = targets
        .iter()
        .filter(|t| is_whole_river(t))
        .map(|t| ctx.geo.mentions[t.mention].tok_end)
        .max();
    let mut targets: Vec<Target> = targets.into_iter().filter(|t| !is_whole_river(t)).collect();
    if targets.is_empty() {
        if let Some(e) = river_end.filter(|&e| e > te) {
            targets = ctx
                .places_right(s, e, sent.tok_end)
                .into_iter()
                .filter(|t| !is_whole_river(t) && !ctx.is_country(t.mention))
                .collect();
        }
    }
    // "advanced on it from the village of Khsham": where an advance starts from is held by the
    // advancing side, not fought over
    let mut origins: Vec<Target> = Vec::new();
    if ev.form == Form::Act
        && !passive
        && matches!(claim_type, ClaimType::Contested | ClaimType::Captured)
    {
        let (from, rest): (Vec<Target>, Vec<Target>) = targets.into_iter().partition(|t| {
            let ms = ctx.geo.mentions[t.mention].tok_start;
            t.relative.is_none()
                && ms > te
                && (ms.saturating_sub(5).max(te)..ms).any(|j| ctx.word(j) == "from")
                && !(ms.saturating_sub(5).max(te)..ms)
                    .any(|j| matches!(ctx.word(j), "away" | "miles" | "km" | "kilometres"))
        });
        origins = from;
        targets = rest;
        // an origin after the object: "advanced on X from (the village of) Y"
        let from_at = (te..sent.tok_end.min(te + 12)).find(|&j| ctx.word(j) == "from");
        if let Some(f) = from_at {
            if let Some((i, _)) = ctx.geo.mentions.iter().enumerate().find(|(i, m)| {
                m.sentence == s
                    && m.point.is_some()
                    && m.tok_start > f
                    && m.tok_start <= f + 4
                    && !targets.iter().chain(&origins).any(|t| t.mention == *i)
                    && !ctx.is_country(*i)
            }) {
                origins.push(Target {
                    mention: i,
                    relative: None,
                });
            }
        }
    }
    // "the army handed over X to the police": the receiver takes it from the giver; without
    // a receiver, the giver lost it
    let mut actors = actors;
    if !passive
        && ev.form != Form::Hands
        && matches!(
            ctx.word(k),
            "handed" | "hand" | "hands" | "handing" | "turned"
        )
        && claim_type == ClaimType::Captured
    {
        let last = targets
            .iter()
            .map(|t| ctx.geo.mentions[t.mention].tok_end)
            .max()
            .unwrap_or(te);
        let to = (last..(last + 4).min(sent.tok_end)).find(|&j| ctx.word(j) == "to");
        let receiver = to.and_then(|j| ctx.actors_right(s, j + 1, 4).next());
        match receiver {
            Some(r) => {
                from_actor = actors.first().copied();
                actors = vec![r];
            }
            None => claim_type = ClaimType::Lost,
        }
    }
    if (targets.is_empty() && origins.is_empty()) || actors.is_empty() {
        return Vec::new();
    }
    // from X after the places
    if from_actor.is_none() && claim_type == ClaimType::Captured {
        // an antecedent named before ("seized the city itself from X") ends where its noun does
        let last_end = targets
            .iter()
            .map(|t| {
                let m = &ctx.geo.mentions[t.mention];
                if m.sentence == s && m.tok_start >= te {
                    m.tok_end
                } else {
                    (te + 3).min(sent.tok_end)
                }
            })
            .max()
            .unwrap_or(te);
        from_actor = ctx.actors_right(s, last_end, 3).find(|&i| {
            ctx.word(ctx.actors[i].ts.wrapping_sub(1)) == "from"
                || ctx.word(ctx.actors[i].ts.wrapping_sub(2)) == "from"
        });
    }
    // "both camps", "both sides": the two sides named last
    let mut sides: Vec<usize> = Vec::with_capacity(actors.len());
    for &ai in &actors {
        if ctx.actors[ai].id == "@both" {
            sides.extend(ctx.both_sides(ai));
        } else {
            sides.push(ai);
        }
    }
    let actors = sides;
    let mut out = Vec::new();
    let typed = targets
        .iter()
        .map(|t| (t, claim_type))
        .chain(origins.iter().map(|t| (t, ClaimType::Held)));
    for (t, claim_type) in typed {
        let country = ctx.place_country(t);
        // the claims of this place so far: one per actor
        let place_claims = out.len();
        for &ai in &actors {
            let Some(mut actor) = ctx.resolve(ai, country) else {
                continue;
            };
            // the Kurdish region speaks; its peshmerga take, hold and lose ground
            if actor == "kurdistan_region" {
                actor = "peshmerga";
            }
            if actor == "unknown" || out[place_claims..].iter().any(|c: &Claim| c.actor == actor) {
                continue;
            }
            let mut conf = confidence;
            let a = &ctx.actors[ai];
            if a.id.starts_with('@') {
                conf *= 0.85;
            }
            if a.sentence != s {
                conf *= 0.6;
            }
            if ctx.is_country(t.mention) {
                conf *= 0.7;
            }
            let from = from_actor
                .filter(|_| claim_type != ClaimType::Held)
                .and_then(|f| ctx.resolve(f, country))
                .map(str::to_string);
            let actor_text = ctx.actor_text(ai);
            let generic = is_generic_fighter(&actor_text);
            out.push(Claim {
                mention: t.mention,
                relative: t.relative,
                claim_type,
                actor: actor.to_string(),
                actor_text,
                from_actor: from,
                // (set from the attribution by the caller)
                claimed_by: String::new(),
                certainty: Certainty::Reported,
                date: ClaimDate::day(jiff::civil::Date::constant(1970, 1, 1), None, None),
                event: event_text.to_string(),
                confidence: round3(conf),
                sentence: s,
                inferred_actor: inferred || generic,
            });
        }
    }
    // "lost the town of X to government forces": the receiver captured it from the loser
    if ev.form == Form::Lose && !passive && claim_type == ClaimType::Lost {
        let last = targets
            .iter()
            .map(|t| ctx.geo.mentions[t.mention].tok_end)
            .max()
            .unwrap_or(te);
        let to = (last..(last + 6).min(sent.tok_end)).find(|&j| ctx.word(j) == "to");
        if let Some(r) = to.and_then(|j| {
            ctx.actors_right(s, j + 1, 3)
                .find(|&i| ctx.actors[i].ts <= j + 3)
        }) {
            let mut extra = Vec::new();
            for c in &out {
                let country = ctx.place_country(&Target {
                    mention: c.mention,
                    relative: c.relative,
                });
                let Some(actor) = ctx.resolve(r, country) else {
                    continue;
                };
                if c.actor == actor || actor == "unknown" {
                    continue;
                }
                extra.push(Claim {
                    claim_type: ClaimType::Captured,
                    actor: actor.to_string(),
                    actor_text: ctx.actor_text(r),
                    from_actor: Some(c.actor.clone()),
                    ..c.clone()
                });
            }
            out.extend(extra);
        }
    }
    out
}

#[cfg(test)]
mod tests;
