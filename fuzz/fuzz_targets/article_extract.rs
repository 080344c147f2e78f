//! Article reading + extraction: raw bytes as a .txt article and as a JSONL record.
#![no_main]

use libfuzzer_sys::fuzz_target;

include!("../harness.rs");

fuzz_target!(|data: &[u8]| {
    if data.len() > 64 * 1024 {
        return;
    }
    article_extract(data);
});
