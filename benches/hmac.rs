//! `HmacPolicy` against the physical limit (two SHA-256 compressions per id), a naive
//! implementation, and `ring`'s HMAC, side by side in one run.
//!
//! ```text
//! cargo bench --bench hmac
//! ```
//!
//! Goals for ids of 8 to 55 bytes: writing into a reused buffer at most 1.5x the limit,
//! returning a new `UserId` at most 1.75x. The ratios print at the end, twice: from
//! criterion's medians, each measured over its own few seconds, and from an
//! interleaved run that times short batches of every variant in turn and takes the
//! median batch of each, so a burst from a neighbour on this shared machine slows all
//! of them alike instead of only the one being measured at the time.

#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "support/ratios.rs"]
mod ratios;

use std::hint::black_box;
use std::time::Instant;

use criterion::{BenchmarkId, Criterion, Throughput};
use hmac::{KeyInit, Mac};
use idpolicy::{HmacPolicy, Key, UserIdPolicy};
use sha2::Sha256;

const GROUP: &str = "hmac";
/// Goal for `write_user_id`, as a ratio to the limit (both tables use it).
const WRITE_GOAL: f64 = 1.5;
/// Goal for `user_id`, as a ratio to the limit.
const USER_ID_GOAL: f64 = 1.75;
const KEY: [u8; 32] = [0x42; 32];

/// Ids of 8 to 55 bytes, the one-block range, cycling through lengths.
fn ids() -> Vec<String> {
    (0..256)
        .map(|i| {
            let len = 8 + (i * 7) % 48;
            let mut id = format!("user_{i:06}_");
            while id.len() < len {
                id.push(char::from(b'a' + (id.len() % 26) as u8));
            }
            id.truncate(len);
            id
        })
        .collect()
}

/// The second half of the outer block: `0x80`, zeros, and the bit length of a key
/// block plus a 32-byte digest (768 = 0x300).
const OUTER_PADDING: [u8; 32] = {
    let mut padding = [0u8; 32];
    padding[0] = 0x80;
    padding[30] = 0x03;
    padding
};

/// The limit: two dependent compressions per id, the inner one on a precomputed padded
/// block. Only the unavoidable digest-to-block copy is added between them, done the
/// cheapest way known (whole 16-byte stores, as `HmacPolicy` does).
#[inline(always)]
fn limit(block: &[u8; 64]) -> [u32; 8] {
    let mut inner = [0x6a09e667u32; 8];
    sha2::block_api::compress256(&mut inner, std::slice::from_ref(block));
    let mut outer_block = [[0u8; 64]];
    let (digest, padding) = outer_block[0].split_at_mut(32);
    for (chunk, word) in digest.chunks_exact_mut(4).zip(inner) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    padding.copy_from_slice(&OUTER_PADDING);
    let mut outer = [0x510e527fu32; 8];
    sha2::block_api::compress256(&mut outer, &outer_block);
    outer
}

/// The naive way: a fresh `Hmac` from the raw key per call, then `hex::encode`.
fn naive(id: &str) -> String {
    let mut mac = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(&KEY).expect("key");
    mac.update(id.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// `ring`'s HMAC, then `hex::encode`.
fn ring_hex(key: &ring::hmac::Key, id: &str) -> String {
    hex::encode(&ring::hmac::sign(key, id.as_bytes()).as_ref()[..16])
}

/// The limit's inner blocks: each id padded to one block.
fn limit_blocks(ids: &[String]) -> Vec<[u8; 64]> {
    ids.iter()
        .map(|id| {
            let mut block = [0u8; 64];
            block[..id.len()].copy_from_slice(id.as_bytes());
            block[id.len()] = 0x80;
            block[56..].copy_from_slice(&((64 + id.len() as u64) * 8).to_be_bytes());
            block
        })
        .collect()
}

fn bench(c: &mut Criterion, policy: &HmacPolicy, ring_key: &ring::hmac::Key) {
    let ids = ids();
    let blocks = limit_blocks(&ids);
    let mut group = c.benchmark_group(GROUP);
    group.throughput(Throughput::Elements(1));
    let mut i = 0usize;
    let mut next = || {
        i = (i + 1) & 255;
        i
    };

    // The limit is two *dependent* compressions, as in any HMAC: the outer block
    // holds the inner digest, so the second compression cannot start before the first
    // ends.
    group.bench_function("limit: 2x sha2::compress256", |b| {
        b.iter(|| black_box(limit(&blocks[next()])))
    });

    group.bench_function("idpolicy write_user_id (reused buffer)", |b| {
        let mut out = String::with_capacity(64);
        b.iter(|| {
            out.clear();
            policy
                .write_user_id(black_box(&ids[next()]), &mut out)
                .expect("id");
            black_box(&out);
        })
    });

    group.bench_function("idpolicy user_id (new UserId)", |b| {
        b.iter(|| black_box(policy.user_id(black_box(&ids[next()])).expect("id")))
    });

    group.bench_function("naive: Hmac::new_from_slice + hex::encode", |b| {
        b.iter(|| black_box(naive(black_box(&ids[next()]))))
    });

    group.bench_function("ring hmac + hex::encode", |b| {
        b.iter(|| black_box(ring_hex(ring_key, black_box(&ids[next()]))))
    });

    group.bench_function("hex::encode alone (16 bytes)", |b| {
        let bytes = [0xa5u8; 16];
        b.iter(|| black_box(hex::encode(black_box(bytes))))
    });
    group.finish();

    let mut lengths = c.benchmark_group("hmac-by-length");
    for len in [8usize, 16, 32, 55, 56, 200] {
        let id = "x".repeat(len);
        lengths.bench_with_input(BenchmarkId::from_parameter(len), &id, |b, id| {
            let mut out = String::with_capacity(64);
            b.iter(|| {
                out.clear();
                policy.write_user_id(black_box(id), &mut out).expect("id");
            })
        });
    }
    lengths.finish();
}

/// A named variant with its ratio goal and one batch of `BATCH` calls.
type Variant<'a> = (&'static str, Option<f64>, Box<dyn FnMut() + 'a>);

const BATCH: usize = 2000;

/// Times batches of every variant in turn and prints each one's median batch, per id,
/// and its ratio to the limit.
fn interleaved(policy: &HmacPolicy, ring_key: &ring::hmac::Key) {
    const ROUNDS: usize = 300;
    let ids = ids();
    let blocks = limit_blocks(&ids);
    let mut out = String::with_capacity(64);
    let mut variants: Vec<Variant<'_>> = vec![
        (
            "limit: 2x sha2::compress256",
            None,
            Box::new(|| {
                for i in 0..BATCH {
                    black_box(limit(&blocks[i & 255]));
                }
            }),
        ),
        (
            "idpolicy write_user_id (reused buffer)",
            Some(WRITE_GOAL),
            Box::new(|| {
                for i in 0..BATCH {
                    out.clear();
                    policy
                        .write_user_id(black_box(&ids[i & 255]), &mut out)
                        .expect("id");
                    black_box(&out);
                }
            }),
        ),
        (
            "idpolicy user_id (new UserId)",
            Some(USER_ID_GOAL),
            Box::new(|| {
                for i in 0..BATCH {
                    black_box(policy.user_id(black_box(&ids[i & 255])).expect("id"));
                }
            }),
        ),
        (
            "naive: Hmac::new_from_slice + hex::encode",
            None,
            Box::new(|| {
                for i in 0..BATCH {
                    black_box(naive(black_box(&ids[i & 255])));
                }
            }),
        ),
        (
            "ring hmac + hex::encode",
            None,
            Box::new(|| {
                for i in 0..BATCH {
                    black_box(ring_hex(ring_key, black_box(&ids[i & 255])));
                }
            }),
        ),
    ];
    let mut times = vec![Vec::with_capacity(ROUNDS); variants.len()];
    for _ in 0..ROUNDS {
        for ((_, _, run), times) in variants.iter_mut().zip(&mut times) {
            let start = Instant::now();
            run();
            times.push(start.elapsed().as_secs_f64() * 1e9 / BATCH as f64);
        }
    }
    let medians: Vec<f64> = times
        .iter_mut()
        .map(|times| {
            times.sort_by(f64::total_cmp);
            times[times.len() / 2]
        })
        .collect();
    println!(
        "\n[hmac] interleaved: median of {ROUNDS} batches of {BATCH} per variant, ratios to the limit ({:.1} ns):",
        medians[0]
    );
    for ((name, goal, _), median) in variants.iter().zip(&medians).skip(1) {
        let ratio = median / medians[0];
        let verdict = ratios::verdict(ratio, *goal);
        println!("  {name:<44} {median:>8.1} ns  {ratio:>6.2}x  {verdict}");
    }
}

fn main() {
    ratios::mark_start();
    let policy = HmacPolicy::new(Key::from_bytes(&KEY).expect("key")).expect("policy");
    let ring_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &KEY);
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion, &policy, &ring_key);
    criterion.final_summary();
    ratios::print_table(
        GROUP,
        "limit_ 2x sha2__compress256",
        &[
            ("idpolicy write_user_id (reused buffer)", Some(WRITE_GOAL)),
            ("idpolicy user_id (new UserId)", Some(USER_ID_GOAL)),
            ("naive_ Hmac__new_from_slice + hex__encode", None),
            ("ring hmac + hex__encode", None),
            ("hex__encode alone (16 bytes)", None),
        ],
    );
    // Not in criterion's quick modes (`--test` runs each bench once, `--list` none).
    if !std::env::args().any(|arg| arg == "--test" || arg == "--list") {
        interleaved(&policy, &ring_key);
    }
}
