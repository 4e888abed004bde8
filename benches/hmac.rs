//! `HmacPolicy` against the physical limit (two SHA-256 compressions per id), a naive
//! implementation, and `ring`'s HMAC, side by side in one run.
//!
//! ```text
//! cargo bench --bench hmac
//! ```
//!
//! Goals for ids of 8 to 55 bytes: writing into a reused buffer at most 1.5x the limit,
//! returning a new `UserId` at most 1.75x. The ratios print at the end.

#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "support/ratios.rs"]
mod ratios;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput};
use hmac::{KeyInit, Mac};
use idpolicy::{HmacPolicy, Key, UserIdPolicy};
use sha2::Sha256;

const GROUP: &str = "hmac";
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

/// The limit: exactly two compressions per id, on precomputed padded blocks.
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

fn bench(c: &mut Criterion) {
    let ids = ids();
    let policy = HmacPolicy::new(Key::from_bytes(&KEY).expect("key")).expect("policy");
    let ring_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &KEY);
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
    // ends. Only the unavoidable digest-to-block copy is added.
    group.bench_function("limit: 2x sha2::compress256", |b| {
        let inner_key_state = [0x6a09e667u32; 8];
        let outer_key_state = [0x510e527fu32; 8];
        b.iter(|| {
            let block = &blocks[next()];
            let mut inner = inner_key_state;
            sha2::block_api::compress256(&mut inner, std::slice::from_ref(block));
            let mut outer_block = [0u8; 64];
            for (chunk, word) in outer_block[..32].chunks_exact_mut(4).zip(inner) {
                chunk.copy_from_slice(&word.to_be_bytes());
            }
            outer_block[32] = 0x80;
            outer_block[62] = 0x03;
            let mut outer = outer_key_state;
            sha2::block_api::compress256(&mut outer, std::slice::from_ref(&outer_block));
            black_box(outer)
        })
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
        b.iter(|| {
            let mut mac = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(&KEY).expect("key");
            mac.update(black_box(ids[next()].as_bytes()));
            black_box(hex::encode(&mac.finalize().into_bytes()[..16]))
        })
    });

    group.bench_function("ring hmac + hex::encode", |b| {
        b.iter(|| {
            let tag = ring::hmac::sign(&ring_key, black_box(ids[next()].as_bytes()));
            black_box(hex::encode(&tag.as_ref()[..16]))
        })
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

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion);
    criterion.final_summary();
    ratios::print_table(
        GROUP,
        "limit_ 2x sha2__compress256",
        &[
            ("idpolicy write_user_id (reused buffer)", Some(1.5)),
            ("idpolicy user_id (new UserId)", Some(1.75)),
            ("naive_ Hmac__new_from_slice + hex__encode", None),
            ("ring hmac + hex__encode", None),
            ("hex__encode alone (16 bytes)", None),
        ],
    );
}
