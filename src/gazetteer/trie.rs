//! A byte trie over the gazetteer's loose keys, for matches anchored at token boundaries.
//!
//! Recognition only wants the keys that start where a token's key starts and end where a
//! (possibly later) token's key ends. Walking this trie from each token's key, and on through the
//! keys of the tokens written together with it, finds exactly those matches and stops at the
//! first byte that no key continues with, where an unanchored Aho-Corasick scan reports every
//! occurrence inside words too and leaves most of them to be thrown away.
//!
//! Layout: nodes numbered breadth first, so that the children of a node are consecutive nodes
//! (`first[n]..first[n + 1]`, in byte order, each with the byte of its edge), and a direct table
//! for the root's children. Building sorts the keys once and appends each key's new suffix, so it
//! takes a few milliseconds for the bundled gazetteer's keys.

/// A node of the trie; [`KeyTrie::ROOT`] is the empty prefix.
pub type Node = u32;

const NONE: u32 = u32::MAX;

/// A trie over a list of byte strings (patterns), each reported by its index in that list.
#[derive(Debug, Clone)]
pub struct KeyTrie {
    /// The child of the root for each first byte (`NONE` when no key starts with it).
    root: Box<[u32; 256]>,
    /// The same for the root's children (the nodes `first[0]..first[1]`), 256 entries each:
    /// the second byte of a walk, where nodes have the most children, is one lookup too.
    second: Vec<u32>,
    /// Nodes are numbered breadth first, so the children of node `n` are the consecutive nodes
    /// `first[n]..first[n + 1]`, in byte order.
    first: Vec<u32>,
    /// The byte on the edge into each node (the root's is unused).
    label: Vec<u8>,
    /// The pattern that ends at each node (`NONE` when none).
    pattern: Vec<u32>,
}

impl KeyTrie {
    pub const ROOT: Node = 0;

    /// Builds the trie of `keys`, which should be distinct (of equal keys, one index is reported).
    pub fn new<K: AsRef<[u8]>>(keys: &[K]) -> KeyTrie {
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| keys[a as usize].as_ref().cmp(keys[b as usize].as_ref()));
        // first pass: first-child/next-sibling form; with the keys sorted, every node's children
        // are created in byte order and a new key only ever extends the path of the previous one
        let mut edge_byte: Vec<u8> = vec![0];
        let mut first_child: Vec<u32> = vec![NONE];
        let mut last_child: Vec<u32> = vec![NONE];
        let mut next_sibling: Vec<u32> = vec![NONE];
        let mut pattern: Vec<u32> = vec![NONE];
        let mut path: Vec<u32> = vec![0]; // nodes of the previous key's path, from the root
        let mut prev: &[u8] = &[];
        for &ki in &order {
            let key = keys[ki as usize].as_ref();
            let common = key.iter().zip(prev).take_while(|(a, b)| a == b).count();
            path.truncate(common + 1);
            for &b in &key[common..] {
                let parent = *path.last().unwrap_or(&0) as usize;
                let n = first_child.len() as u32;
                edge_byte.push(b);
                first_child.push(NONE);
                last_child.push(NONE);
                next_sibling.push(NONE);
                pattern.push(NONE);
                if first_child[parent] == NONE {
                    first_child[parent] = n;
                } else {
                    let lc = last_child[parent] as usize;
                    next_sibling[lc] = n;
                }
                last_child[parent] = n;
                path.push(n);
            }
            let end = *path.last().unwrap_or(&0) as usize;
            if pattern[end] == NONE {
                pattern[end] = ki;
            }
            prev = key;
        }
        // second pass: the nodes renumbered breadth first, so that the children of a node are
        // consecutive (and the short prefixes that every walk starts with lie together)
        let nodes = first_child.len();
        let mut queue: Vec<u32> = Vec::with_capacity(nodes);
        queue.push(0);
        let mut first: Vec<u32> = Vec::with_capacity(nodes + 1);
        let mut label: Vec<u8> = Vec::with_capacity(nodes);
        let mut new_pattern: Vec<u32> = Vec::with_capacity(nodes);
        let mut i = 0;
        while i < queue.len() {
            let old = queue[i] as usize;
            first.push(queue.len() as u32);
            label.push(edge_byte[old]);
            new_pattern.push(pattern[old]);
            let mut c = first_child[old];
            while c != NONE {
                queue.push(c);
                c = next_sibling[c as usize];
            }
            i += 1;
        }
        first.push(queue.len() as u32);
        let mut root = Box::new([NONE; 256]);
        for c in first[0]..first[1] {
            root[label[c as usize] as usize] = c;
        }
        let mut second = vec![NONE; (first[1] - first[0]) as usize * 256];
        for (k, c) in (first[0]..first[1]).enumerate() {
            for g in first[c as usize]..first[c as usize + 1] {
                second[k * 256 + label[g as usize] as usize] = g;
            }
        }
        KeyTrie {
            root,
            second,
            first,
            label,
            pattern: new_pattern,
        }
    }

    /// The node reached from `node` by byte `b`.
    #[inline]
    pub fn step(&self, node: Node, b: u8) -> Option<Node> {
        if node == Self::ROOT {
            let c = self.root[b as usize];
            return (c != NONE).then_some(c);
        }
        // a child of the root: numbered `first[0]..first[1]`, breadth first
        if node < self.first[1] {
            let k = (node - self.first[0]) as usize * 256 + b as usize;
            let c = self.second[k];
            return (c != NONE).then_some(c);
        }
        let (lo, hi) = (
            self.first[node as usize] as usize,
            self.first[node as usize + 1] as usize,
        );
        let edges = &self.label[lo..hi];
        let k = if edges.len() <= 8 {
            edges.iter().position(|&e| e == b)?
        } else {
            edges.binary_search(&b).ok()?
        };
        Some((lo + k) as Node)
    }

    /// The node reached from `node` by the bytes of `s`, if every step exists.
    #[inline]
    pub fn walk(&self, mut node: Node, s: &[u8]) -> Option<Node> {
        for &b in s {
            node = self.step(node, b)?;
        }
        Some(node)
    }

    /// The index of the pattern that ends at `node`.
    #[inline]
    pub fn pattern(&self, node: Node) -> Option<usize> {
        let p = self.pattern[node as usize];
        (p != NONE).then_some(p as usize)
    }

    /// The number of nodes (the root included).
    pub fn nodes(&self) -> usize {
        self.pattern.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every (start, end, pattern) where `hay[start..end]` is a pattern and `start`/`end` are in
    /// `bounds`, the brute-force way.
    fn brute(keys: &[&str], hay: &str, bounds: &[usize]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for &s in bounds {
            for &e in bounds {
                if e > s {
                    if let Some(p) = keys.iter().position(|k| *k == &hay[s..e]) {
                        out.push((s, e, p));
                    }
                }
            }
        }
        out.sort();
        out
    }

    fn walked(t: &KeyTrie, hay: &str, bounds: &[usize]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for &s in bounds {
            let mut node = KeyTrie::ROOT;
            for (i, &b) in hay.as_bytes()[s..].iter().enumerate() {
                let Some(n) = t.step(node, b) else { break };
                node = n;
                let e = s + i + 1;
                if let Some(p) = t.pattern(node) {
                    if bounds.contains(&e) {
                        out.push((s, e, p));
                    }
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn finds_exactly_the_anchored_matches() {
        let keys = [
            "ba", "baj", "bakamal", "kamal", "tal", "talafar", "afar", "a", "zzz", "باج", "بعاج",
            "tala",
        ];
        let t = KeyTrie::new(&keys);
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(
                t.walk(KeyTrie::ROOT, k.as_bytes())
                    .and_then(|n| t.pattern(n)),
                Some(i)
            );
        }
        assert_eq!(
            t.walk(KeyTrie::ROOT, b"bak").and_then(|n| t.pattern(n)),
            None
        );
        assert_eq!(t.walk(KeyTrie::ROOT, b"q"), None);
        let hay = "bakamaltalafarbajباجabaj";
        let bounds: Vec<usize> = (0..=hay.len())
            .filter(|&i| hay.is_char_boundary(i))
            .collect();
        assert_eq!(walked(&t, hay, &bounds), brute(&keys, hay, &bounds));
        let some = [0, 2, 7, 10, 14, 17, 23, hay.len()];
        assert_eq!(walked(&t, hay, &some), brute(&keys, hay, &some));
    }

    #[test]
    fn many_children_use_the_sorted_edges() {
        let keys: Vec<String> = (b'a'..=b'z')
            .flat_map(|a| (b'a'..=b'z').map(move |b| format!("x{}{}", a as char, b as char)))
            .collect();
        let t = KeyTrie::new(&keys);
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(
                t.walk(KeyTrie::ROOT, k.as_bytes())
                    .and_then(|n| t.pattern(n)),
                Some(i)
            );
        }
        assert_eq!(t.walk(KeyTrie::ROOT, b"x{"), None);
        assert_eq!(t.pattern(KeyTrie::ROOT), None);
    }
}
