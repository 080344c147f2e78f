//! Helpers shared by the unit tests.

/// A xorshift64 generator: the same stream of pseudo-random numbers on every run, for tests that
/// compare two implementations over many generated inputs.
pub fn xorshift() -> impl FnMut() -> u64 {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
