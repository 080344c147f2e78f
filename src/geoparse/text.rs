//! Tokens and sentences of an article body, in one pass, with byte spans into the article text.
//!
//! Every token carries its folded form and its case (the loose keys that recognition walks the
//! gazetteer's key trie with are computed there, for the tokens it reaches). This module knows
//! words, not places.

use super::words::WordSet;
use crate::gazetteer::normalize::{fold_into, is_article, is_word_char, HARD_ARTICLES};

/// The case of a token as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Lower,
    /// First letter upper case, the rest not all upper case.
    Title,
    /// Two or more letters, all upper case (BAGHDAD, ISIS).
    Upper,
    /// Starts with a digit or a non-cased letter (Arabic).
    Other,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Byte range of the folded form in [`Tokens::folded`] (see [`Tokens::folded_of`]).
    pub fold_start: u32,
    pub fold_end: u32,
    pub case: Case,
    /// The token is an article (al-, el-, ad- joined by a hyphen...) and is left out of keys.
    pub article: bool,
    pub sentence: usize,
    /// The character right after the token (' ' when none).
    pub next_char: char,
    /// The character right before the token (' ' when none).
    pub prev_char: char,
    /// The token ends with a possessive 's (not part of the word).
    pub possessive: bool,
}

impl Token {
    pub fn is_cap(&self) -> bool {
        matches!(self.case, Case::Title | Case::Upper)
    }
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

#[derive(Debug, Clone)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index of the first token and one past the last.
    pub tok_start: usize,
    pub tok_end: usize,
    /// Paragraph number.
    pub paragraph: usize,
}

/// Tokens and sentences of one piece of text.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// The folded forms of all tokens, one after the other (one buffer rather than a string
    /// per token).
    pub folded: String,
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{2bf}' | '\u{2be}' | '\u{2bc}' | '`'
    )
}

/// Abbreviations after which a full stop does not end a sentence (none longer than six bytes).
static ABBREVIATIONS: WordSet = WordSet::new(&[
    "lt", "gen", "col", "brig", "maj", "capt", "sgt", "mr", "mrs", "ms", "dr", "st", "no", "vs",
    "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "u.s", "u.n", "u.k",
    "km", "approx", "est", "gov", "sen", "rep", "adm", "cpl", "pvt", "jr", "sr", "inc", "co",
    "corp",
]);

/// Byte classes for the tokenizer's scan of ASCII words: [`ALNUM`] for ASCII letters and digits,
/// with [`UPPER`] or [`LOWER`] for letters; 0 for every other byte.
const ALNUM: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 4;
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            ALNUM | UPPER
        } else if c.is_ascii_lowercase() {
            ALNUM | LOWER
        } else if c.is_ascii_digit() {
            ALNUM
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The bytes a plain word's copy into the folded forms takes at once (most words are shorter).
const WINDOW: usize = 16;

/// [`case_of`] of a word of ASCII letters and digits, from its first byte and the union of the
/// [`CLASS`]es of the others.
fn case_of_plain(first: u8, rest: u8) -> Case {
    if first.is_ascii_lowercase() {
        Case::Lower
    } else if !first.is_ascii_uppercase() {
        Case::Other
    } else if rest & UPPER != 0 && rest & LOWER == 0 {
        // other letters, all upper case
        Case::Upper
    } else {
        Case::Title
    }
}

fn case_of(s: &str) -> Case {
    if s.is_ascii() {
        let b = s.as_bytes();
        let Some(&first) = b.first() else {
            return Case::Other;
        };
        if first.is_ascii_lowercase() {
            return Case::Lower;
        }
        if !first.is_ascii_uppercase() {
            return Case::Other;
        }
        let mut letters = b[1..].iter().filter(|c| c.is_ascii_alphabetic()).peekable();
        return if letters.peek().is_some() && letters.all(|c| c.is_ascii_uppercase()) {
            Case::Upper
        } else {
            Case::Title
        };
    }
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return Case::Other;
    };
    if first.is_lowercase() {
        return Case::Lower;
    }
    if !first.is_uppercase() {
        return Case::Other;
    }
    // upper case when the other letters are all upper case, and there is at least one
    let mut letters = chars.filter(|c| c.is_alphabetic()).peekable();
    if letters.peek().is_some() && letters.all(|c| c.is_uppercase()) {
        Case::Upper
    } else {
        Case::Title
    }
}

/// The character at byte `i` of `s` (`i` < `s.len()`, on a character boundary) and its length;
/// ASCII without decoding.
#[inline]
fn char_at(s: &str, i: usize) -> (char, usize) {
    match s.as_bytes().get(i) {
        Some(&b) if b < 0x80 => (char::from(b), 1),
        _ => {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        }
    }
}

/// The number of characters of UTF-8 bytes `b` (those that are no continuation byte).
fn char_count(b: &[u8]) -> usize {
    b.iter().filter(|&&x| (x as i8) >= -0x40).count()
}

/// The rest of a word from byte `j` of `s`, a byte that is neither an ASCII letter nor digit
/// nor an ASCII character that ends a word: a non-ASCII word character, or an apostrophe inside
/// the word (Ba'aj), continues it. Returns the word's end, the character after it (' ' at the end
/// of `s`) and whether the word went on past `j`. (Rare: out of the tokenizer's scan of plain
/// words, whose registers it would take.)
#[cold]
#[inline(never)]
fn word_tail(s: &str, mut j: usize) -> (usize, char, bool) {
    let bytes = s.as_bytes();
    let from = j;
    while j < s.len() {
        let b = bytes[j];
        if CLASS[usize::from(b)] != 0 {
            j += 1;
            continue;
        }
        if b < 0x80 && b != b'\'' && b != b'`' {
            return (j, char::from(b), j > from);
        }
        let (d, dl) = char_at(s, j);
        if b >= 0x80 && is_word_char(d) {
            j += dl;
        } else if is_apostrophe(d) {
            let after = if j + dl < s.len() {
                char_at(s, j + dl).0
            } else {
                ' '
            };
            if !is_word_char(after) {
                return (j, d, j > from);
            }
            j += dl;
        } else {
            return (j, d, j > from);
        }
    }
    (j, ' ', j > from)
}

/// The folded form of `word` (one that is not plain ASCII letters and digits) into `scratch`,
/// without a possessive 's (Assad's, Islamic State's); returns the length of the word without it
/// and whether there was one. (Out of line, like [`word_tail`].)
#[cold]
#[inline(never)]
fn fold_word(word: &str, scratch: &mut String) -> (usize, bool) {
    let mut end = word.len();
    let mut possessive = false;
    for suffix in ["'s", "\u{2019}s"] {
        if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
            end -= suffix.len();
            possessive = true;
        }
    }
    scratch.clear();
    fold_into(&word[..end], scratch);
    (end, possessive)
}

/// Whether the mark `c` ('.', '!' or '?') at byte `i` of `s` ends a sentence: it is followed by
/// a space, quote or line break and then an upper-case letter, digit or quote (or nothing), and
/// is not the full stop of an abbreviation or an initial (`last` is the token before, `folded`
/// the folded forms so far, `lo` the offset of `s` in the text). Returns the byte of `s` where
/// the next sentence starts. (Out of line: once a sentence, where the tokenizer's scan runs
/// once a byte.)
#[inline(never)]
fn sentence_end(
    s: &str,
    i: usize,
    c: char,
    lo: usize,
    last: Option<&Token>,
    folded: &[u8],
) -> Option<usize> {
    let abbrev = c == '.'
        && last.is_some_and(|t| {
            let f = &folded[t.fold_start as usize..t.fold_end as usize];
            t.end == lo + i
                && ((f.len() <= 6 && ABBREVIATIONS.contains_bytes(f))
                    || (char_count(f) == 1 && t.case != Case::Lower))
        });
    let from = i + c.len_utf8();
    let rest = &s[from..];
    let after = rest.trim_start_matches(['"', '\'', '”', '’', ')']);
    let ws =
        after.len() != rest.len() || after.starts_with(char::is_whitespace) || after.is_empty();
    let next = after.trim_start();
    let starts_new = next.chars().next().is_none_or(|n| {
        n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '‘' | '\'' | '(')
    });
    (!abbrev && ws && starts_new).then_some(from + (rest.len() - next.len()))
}

/// Tokenises `text[range]` and splits it into sentences. Byte offsets refer to `text`.
pub fn tokenize(text: &str, range: (usize, usize)) -> Tokens {
    let (lo, hi) = range;
    let s = &text[lo..hi];
    let bytes = s.as_bytes();
    let mut out = Tokens {
        tokens: Vec::with_capacity(s.len() / 5),
        sentences: Vec::new(),
        folded: String::new(),
    };
    // the folded forms, as bytes while they are written (every piece appended is a whole str:
    // the words of plain ASCII tokens and what `fold_into` writes for the others)
    let mut folded: Vec<u8> = Vec::with_capacity(s.len());
    let mut scratch = String::new();
    let mut sent_start = lo;
    let mut sent_tok = 0usize;
    let mut paragraph = 0usize;
    let mut i = 0usize;
    let mut prev_char = ' ';
    let mut newlines = 0usize;
    let mut last_visible = ' ';
    // (a token's sentence is the number of sentences pushed before it: every token is in the
    // first sentence pushed after it)
    let push_sentence =
        |out: &mut Tokens, start: usize, end: usize, tok_start: usize, paragraph: usize| {
            let tok_end = out.tokens.len();
            if tok_end > tok_start {
                out.sentences.push(Sentence {
                    start,
                    end,
                    tok_start,
                    tok_end,
                    paragraph,
                });
            }
        };
    while i < s.len() {
        if bytes[i] == b' ' {
            // what the end of the loop does with a space
            prev_char = ' ';
            i += 1;
            continue;
        }
        let (c, cl) = char_at(s, i);
        if is_word_char(c) {
            if newlines >= 1 {
                let hard_wrap = newlines == 1 && (c.is_lowercase() || last_visible == ',');
                if !hard_wrap && sent_tok < out.tokens.len() {
                    // a line break ends a sentence (headlines, list items), unless the line was
                    // wrapped in the middle of one
                    let end = out.tokens.last().map(|t| t.end).unwrap_or(lo + i);
                    push_sentence(&mut out, sent_start, end, sent_tok, paragraph);
                    sent_tok = out.tokens.len();
                    sent_start = lo + i;
                }
                if newlines >= 2 {
                    paragraph += 1;
                }
                if sent_tok == out.tokens.len() {
                    sent_start = lo + i;
                }
                newlines = 0;
            }
            // a word: letters/digits with internal apostrophes (Ba'aj) and internal dots in
            // initialisms are split, so U.S. gives U and S.
            let start = i;
            let mut j = i + cl;
            // the word so far is ASCII letters and digits only (no apostrophe), and the union of
            // the classes of its bytes after the first
            let mut plain = cl == 1;
            let mut rest = 0u8;
            // the character after the word
            let mut next_char = ' ';
            while j < s.len() {
                let b = bytes[j];
                let class = CLASS[usize::from(b)];
                if class != 0 {
                    rest |= class;
                    j += 1;
                    continue;
                }
                if b < 0x80 && b != b'\'' && b != b'`' {
                    // an ASCII character of class 0 is no word character, and these two are
                    // the only ASCII apostrophes
                    next_char = char::from(b);
                    break;
                }
                let went_on;
                (j, next_char, went_on) = word_tail(s, j);
                plain &= !went_on;
                break;
            }
            let mut end = j;
            let mut possessive = false;
            let fold_start = folded.len();
            if plain {
                // what `fold_into` does with ASCII letters and digits
                let len = end - start;
                match bytes.get(start..start + WINDOW) {
                    // (a copy of a fixed length is a few moves, not a call to memcpy; the bytes
                    // past the word are dropped again)
                    Some(window) if len <= WINDOW => {
                        folded.extend_from_slice(window);
                        folded.truncate(fold_start + len);
                    }
                    _ => folded.extend_from_slice(&bytes[start..end]),
                }
                // (`rest` is the union of the classes of the bytes after the first)
                if rest & UPPER != 0 {
                    folded[fold_start..].make_ascii_lowercase();
                } else if bytes[start].is_ascii_uppercase() {
                    folded[fold_start].make_ascii_lowercase();
                }
            } else {
                (end, possessive) = fold_word(&s[start..end], &mut scratch);
                end += start;
                folded.extend_from_slice(scratch.as_bytes());
            }
            let fold_end = folded.len();
            let f = &folded[fold_start..fold_end];
            // (the hard articles have two letters)
            let article = (f.len() == 2 && HARD_ARTICLES.iter().any(|a| a.as_bytes() == f))
                || (next_char == '-'
                    && std::str::from_utf8(f).is_ok_and(is_article)
                    && s[start..end]
                        .chars()
                        .all(|c| c.is_lowercase() || c == 'A' || c == 'E'));
            out.tokens.push(Token {
                start: lo + start,
                end: lo + end,
                fold_start: fold_start as u32,
                fold_end: fold_end as u32,
                case: if plain {
                    case_of_plain(bytes[start], rest)
                } else {
                    case_of(&s[start..end])
                },
                article,
                sentence: out.sentences.len(),
                next_char,
                prev_char,
                possessive,
            });
            prev_char = match bytes[j - 1] {
                b if b < 0x80 => char::from(b),
                _ => s[..j].chars().next_back().unwrap_or(' '),
            };
            last_visible = prev_char;
            i = j;
            continue;
        }
        if c == '\n' {
            newlines += 1;
        } else if !c.is_whitespace() {
            newlines = 0;
            last_visible = c;
        }
        if matches!(c, '.' | '!' | '?') && sent_tok < out.tokens.len() {
            if let Some(next) = sentence_end(s, i, c, lo, out.tokens.last(), &folded) {
                push_sentence(
                    &mut out,
                    sent_start,
                    lo + i + c.len_utf8(),
                    sent_tok,
                    paragraph,
                );
                sent_tok = out.tokens.len();
                sent_start = lo + next;
            }
        }
        prev_char = c;
        i += cl;
    }
    if sent_tok < out.tokens.len() {
        let end = out.tokens.last().map(|t| t.end).unwrap_or(hi);
        // extend over a final full stop
        let tail = &text[end..hi];
        let extra = tail
            .char_indices()
            .take_while(|(_, c)| matches!(c, '.' | '!' | '?' | '"' | '”' | '’' | ')'))
            .map(|(k, c)| k + c.len_utf8())
            .last()
            .unwrap_or(0);
        push_sentence(&mut out, sent_start, end + extra, sent_tok, paragraph);
    }
    // (never lossy: every piece appended was a whole str)
    out.folded = String::from_utf8(folded)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    out
}

impl Tokens {
    /// Folded token `i`, or "" when out of range.
    pub fn word(&self, i: usize) -> &str {
        self.tokens.get(i).map(|t| self.folded_of(t)).unwrap_or("")
    }
    /// The bytes of [`Tokens::folded_of`] (without the character-boundary checks of a str).
    pub fn folded_bytes(&self, t: &Token) -> &[u8] {
        self.folded
            .as_bytes()
            .get(t.fold_start as usize..t.fold_end as usize)
            .unwrap_or(&[])
    }
    /// The folded form of token `t` (one of these tokens).
    pub fn folded_of(&self, t: &Token) -> &str {
        self.folded
            .get(t.fold_start as usize..t.fold_end as usize)
            .unwrap_or("")
    }
    /// True when tokens `a` and `a+1` are separated only by spaces or a hyphen in `text`.
    #[inline]
    pub fn joined(&self, text: &str, a: usize) -> bool {
        match (self.tokens.get(a), self.tokens.get(a + 1)) {
            (Some(x), Some(y)) if x.sentence == y.sentence && !x.possessive => {
                // spaces (' ' or no-break), or a hyphen ("ez-Zor"); a dash between spaces
                // ("BEIRUT - U.S.-backed") separates
                // (a look at the bytes: no characters decoded)
                let Some(mut gap) = text.as_bytes().get(x.end..y.start) else {
                    return false;
                };
                if gap == b"-" {
                    return true;
                }
                loop {
                    match gap {
                        [] => return true,
                        [b' ', rest @ ..] | [0xc2, 0xa0, rest @ ..] => gap = rest,
                        _ => return false,
                    }
                }
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokenizer as it was before its plain words were written as bytes: the oracle of
    /// `same_as_reference`.
    fn tokenize_reference(text: &str, range: (usize, usize)) -> Tokens {
        let (lo, hi) = range;
        let s = &text[lo..hi];
        let bytes = s.as_bytes();
        let mut out = Tokens {
            tokens: Vec::with_capacity(s.len() / 5),
            sentences: Vec::new(),
            folded: String::with_capacity(s.len()),
        };
        let mut sent_start = lo;
        let mut sent_tok = 0usize;
        let mut paragraph = 0usize;
        let mut i = 0usize;
        let mut prev_char = ' ';
        let mut newlines = 0usize;
        let mut last_visible = ' ';
        let push_sentence =
            |out: &mut Tokens, start: usize, end: usize, tok_start: usize, paragraph: usize| {
                let tok_end = out.tokens.len();
                if tok_end > tok_start {
                    let idx = out.sentences.len();
                    for t in &mut out.tokens[tok_start..tok_end] {
                        t.sentence = idx;
                    }
                    out.sentences.push(Sentence {
                        start,
                        end,
                        tok_start,
                        tok_end,
                        paragraph,
                    });
                }
            };
        while i < s.len() {
            if bytes[i] == b' ' {
                // what the end of the loop does with a space
                prev_char = ' ';
                i += 1;
                continue;
            }
            let (c, cl) = char_at(s, i);
            if is_word_char(c) {
                let hard_wrap = newlines == 1 && (c.is_lowercase() || last_visible == ',');
                if newlines >= 1 && !hard_wrap && sent_tok < out.tokens.len() {
                    // a line break ends a sentence (headlines, list items), unless the line was
                    // wrapped in the middle of one
                    let end = out.tokens.last().map(|t| t.end).unwrap_or(lo + i);
                    push_sentence(&mut out, sent_start, end, sent_tok, paragraph);
                    sent_tok = out.tokens.len();
                    sent_start = lo + i;
                }
                if newlines >= 2 {
                    paragraph += 1;
                }
                if newlines >= 1 && sent_tok == out.tokens.len() {
                    sent_start = lo + i;
                }
                newlines = 0;
                // a word: letters/digits with internal apostrophes (Ba'aj) and internal dots in
                // initialisms are split, so U.S. gives U and S.
                let start = i;
                let mut j = i + cl;
                // the word so far is ASCII letters and digits only (no apostrophe), and the union of
                // the classes of its bytes after the first
                let mut plain = cl == 1;
                let mut rest = 0u8;
                // the character after the word
                let mut next_char = ' ';
                while j < s.len() {
                    let b = bytes[j];
                    let class = CLASS[usize::from(b)];
                    if class != 0 {
                        rest |= class;
                        j += 1;
                        continue;
                    }
                    let (d, dl) = char_at(s, j);
                    // (an ASCII character of class 0 is no word character)
                    if b >= 0x80 && is_word_char(d) {
                        j += dl;
                        plain = false;
                    } else if is_apostrophe(d) {
                        let (after, _) = if j + dl < s.len() {
                            char_at(s, j + dl)
                        } else {
                            (' ', 1)
                        };
                        if is_word_char(after) {
                            j += dl;
                            plain = false;
                        } else {
                            next_char = d;
                            break;
                        }
                    } else {
                        next_char = d;
                        break;
                    }
                }
                let mut end = j;
                let mut possessive = false;
                // possessive 's: Assad's, Islamic State's (not in a plain word: no apostrophe)
                if !plain {
                    let word = &s[start..end];
                    for suffix in ["'s", "\u{2019}s"] {
                        if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
                            end -= suffix.len();
                            possessive = true;
                        }
                    }
                }
                let word = &s[start..end];
                let fold_start = out.folded.len();
                if plain {
                    // what `fold_into` does with ASCII letters and digits
                    out.folded.push_str(word);
                    // (`rest` is the union of the classes of the bytes after the first)
                    if rest & UPPER != 0 {
                        out.folded[fold_start..].make_ascii_lowercase();
                    } else if bytes[start].is_ascii_uppercase() {
                        out.folded[fold_start..fold_start + 1].make_ascii_lowercase();
                    }
                } else {
                    fold_into(word, &mut out.folded);
                }
                let fold_end = out.folded.len();
                let folded = &out.folded[fold_start..fold_end];
                // (the hard articles have two letters)
                let article = (folded.len() == 2 && HARD_ARTICLES.contains(&folded))
                    || (next_char == '-'
                        && is_article(folded)
                        && word
                            .chars()
                            .all(|c| c.is_lowercase() || c == 'A' || c == 'E'));
                out.tokens.push(Token {
                    start: lo + start,
                    end: lo + end,
                    fold_start: fold_start as u32,
                    fold_end: fold_end as u32,
                    case: if plain {
                        case_of_plain(bytes[start], rest)
                    } else {
                        case_of(word)
                    },
                    article,
                    sentence: 0,
                    next_char,
                    prev_char,
                    possessive,
                });
                prev_char = match bytes[j - 1] {
                    b if b < 0x80 => char::from(b),
                    _ => s[..j].chars().next_back().unwrap_or(' '),
                };
                last_visible = prev_char;
                i = j;
                continue;
            }
            if c == '\n' {
                newlines += 1;
            } else if !c.is_whitespace() {
                newlines = 0;
                last_visible = c;
            }
            if matches!(c, '.' | '!' | '?') {
                // sentence end: followed by space/quote/newline then an upper-case letter, digit or quote
                let last = out.tokens.last();
                let abbrev = c == '.'
                    && last.is_some_and(|t| {
                        let folded = out.folded_of(t);
                        t.end == lo + i
                            && ((folded.len() <= 6 && ABBREVIATIONS.words().contains(&folded))
                                || (folded.chars().count() == 1 && t.case != Case::Lower))
                    });
                let rest = &s[i + cl..];
                let after = rest.trim_start_matches(['"', '\'', '”', '’', ')']);
                let ws = after.len() != rest.len()
                    || after.starts_with(char::is_whitespace)
                    || after.is_empty();
                let next = after.trim_start();
                let next_c = next.chars().next();
                let starts_new = next_c.is_none_or(|n| {
                    n.is_uppercase()
                        || n.is_ascii_digit()
                        || matches!(n, '"' | '“' | '‘' | '\'' | '(')
                });
                if !abbrev && ws && starts_new && sent_tok < out.tokens.len() {
                    let end = lo + i + cl;
                    push_sentence(&mut out, sent_start, end, sent_tok, paragraph);
                    sent_tok = out.tokens.len();
                    sent_start = lo + i + cl + (rest.len() - next.len());
                }
            }
            prev_char = c;
            i += cl;
        }
        if sent_tok < out.tokens.len() {
            let end = out.tokens.last().map(|t| t.end).unwrap_or(hi);
            // extend over a final full stop
            let tail = &text[end..hi];
            let extra = tail
                .char_indices()
                .take_while(|(_, c)| matches!(c, '.' | '!' | '?' | '"' | '”' | '’' | ')'))
                .map(|(k, c)| k + c.len_utf8())
                .last()
                .unwrap_or(0);
            push_sentence(&mut out, sent_start, end + extra, sent_tok, paragraph);
        }
        out
    }

    #[test]
    fn same_as_reference() {
        // pieces of text where the tokenizer's cases lie: plain words, apostrophes, possessives,
        // articles, initialisms, non-ASCII letters and marks, sentence ends, line breaks
        const PIECES: &[&str] = &[
            "Al",
            "al-",
            "el",
            "Ba'aj",
            "Assad's",
            "State\u{2019}s",
            "U.S.",
            "Deir",
            "ez-Zor",
            "Mosul",
            // (a plain word of WINDOW bytes, and a longer one)
            "KhanaqinDiyalaXY",
            "Alhawijahalbaghdadiyyah",
            "\u{2bf}Ayn",
            "Ḥasakah",
            "BAGHDAD",
            "iraq",
            "ISIS",
            "Mr.",
            "Lt.",
            "x",
            "A",
            "42",
            "'s",
            "'",
            "`",
            "é",
            "Ω",
            "سوريا",
            "ال",
            "ß",
            "Ⅳ",
            "e\u{301}",
            "AbC",
            "aBC",
            "ab'",
            "o`k",
            " ",
            "  ",
            "\n",
            "\n\n",
            ". ",
            "! ",
            "? ",
            ", ",
            ",",
            "-",
            " - ",
            "\"",
            "“",
            "”",
            "(",
            ")",
            "\u{a0}",
            "’",
            ".",
            "\t",
            ":",
        ];
        let mut next = crate::testutil::xorshift();
        for _ in 0..20_000 {
            let n = (next() % 24) as usize;
            let mut text = String::new();
            for _ in 0..n {
                text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            }
            let lo = text
                .char_indices()
                .map(|(k, _)| k)
                .nth((next() % 3) as usize);
            let range = (lo.unwrap_or(0), text.len());
            let (a, b) = (tokenize(&text, range), tokenize_reference(&text, range));
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{text:?}");
        }
    }

    /// `Tokens::joined` as it was, with the gap as a str: the oracle of `joined_as_reference`.
    fn joined_reference(toks: &Tokens, text: &str, a: usize) -> bool {
        match (toks.tokens.get(a), toks.tokens.get(a + 1)) {
            (Some(x), Some(y)) if x.sentence == y.sentence && !x.possessive => {
                let gap = &text[x.end..y.start];
                gap == "-" || gap.chars().all(|c| c == ' ' || c == '\u{a0}')
            }
            _ => false,
        }
    }

    #[test]
    fn joined_as_reference() {
        const PIECES: &[&str] = &[
            "Deir", "ez", "Zor", "Assad's", " ", "  ", "-", " - ", "\u{a0}", " \u{a0}", "\u{2009}",
            ", ", ".", ". ", "\n", "é", "–", "\u{c2}",
        ];
        let mut next = crate::testutil::xorshift();
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(next() % 10) {
                text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            }
            let toks = tokenize(&text, (0, text.len()));
            for a in 0..toks.tokens.len() + 1 {
                assert_eq!(
                    toks.joined(&text, a),
                    joined_reference(&toks, &text, a),
                    "{text:?} {a}"
                );
            }
        }
    }

    #[test]
    fn abbreviations_are_short() {
        assert!(ABBREVIATIONS.words().iter().all(|a| a.len() <= 6));
    }

    #[test]
    fn sentences_and_spans() {
        let text = "Headline Here\nBAGHDAD: Lt. Gen. Abdul Amir Yarallah said the army took al-Qaim. The U.S.-backed forces held Ba'aj.\n\nIt fell on Monday after a\nlong fight";
        let t = tokenize(text, (0, text.len()));
        assert_eq!(t.sentences.len(), 4, "{:?}", t.sentences);
        assert_eq!(
            &text[t.sentences[0].start..t.sentences[0].end],
            "Headline Here"
        );
        assert_eq!(
            &text[t.sentences[1].start..t.sentences[1].end],
            "BAGHDAD: Lt. Gen. Abdul Amir Yarallah said the army took al-Qaim."
        );
        assert!(text[t.sentences[3].start..t.sentences[3].end].ends_with("long fight"));
        let baaj = t.tokens.iter().find(|x| t.folded_of(x) == "baaj").unwrap();
        assert_eq!(&text[baaj.start..baaj.end], "Ba'aj");
        let al = t.tokens.iter().find(|x| t.folded_of(x) == "al").unwrap();
        assert!(al.article);
        assert_eq!(t.sentences[3].paragraph, 1);
    }

    #[test]
    fn possessive_is_split() {
        let text = "Assad's forces advanced.";
        let t = tokenize(text, (0, text.len()));
        assert_eq!(t.tokens[0].text(text), "Assad");
        assert!(t.tokens[0].possessive);
    }
}
