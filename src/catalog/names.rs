//! The table that finds a reason by its name: open addressing on a hash of
//! the name, laid out by `build.rs` (which compiles this file too, via
//! `#[path]`), so a lookup builds nothing at run time.

/// Slots of the name table: a power of two, several times the reasons.
pub const NAME_SLOTS: usize = 1024;

/// A slot no reason is in.
pub const EMPTY: u16 = u16::MAX;

/// Short names, no attacker-chosen collisions that matter here (a miss
/// costs a probe, the table holds only catalog names).
pub fn name_hash(name: &str) -> usize {
    // The first and last 8 bytes and the length: names differ there, and
    // `diagnose` looks up every error it reads, so no byte-by-byte loop.
    let bytes = name.as_bytes();
    let word = |part: &[u8]| {
        part.iter()
            .take(8)
            .fold(0u64, |word, &b| word << 8 | u64::from(b))
    };
    let head = word(bytes);
    let tail = word(&bytes[bytes.len().saturating_sub(8)..]);
    let mixed =
        (head ^ tail.rotate_left(29) ^ bytes.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (mixed >> 32) as usize
}

/// The slots for these names: each holds the index of a name, or [`EMPTY`];
/// a name sits at its hash's slot or the first free one after it.
// Called by build.rs, which lays out the table; the crate only reads it.
#[allow(dead_code)]
pub fn slots<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<u16> {
    let mut table = vec![EMPTY; NAME_SLOTS];
    for (at, name) in names.into_iter().enumerate() {
        let mut slot = name_hash(name) % NAME_SLOTS;
        while table[slot] != EMPTY {
            slot = (slot + 1) % NAME_SLOTS;
        }
        table[slot] = u16::try_from(at).expect("fewer reasons than slots");
    }
    table
}
