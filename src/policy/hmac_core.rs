//! HMAC-SHA256 with precomputed inner and outer key states.
//!
//! An HMAC of a message of at most 55 bytes costs exactly two SHA-256
//! compressions once the key blocks are absorbed: one for the padded message
//! under the inner state, one for the padded inner digest under the outer
//! state. `sha2::block_api::compress256` does the compressions; this module only
//! lays out the blocks (RFC 2104 / FIPS 180-4 padding). Longer messages and
//! streamed input fall back to the `hmac` crate, built from the same key. Both
//! paths are checked against RFC 4231 and against each other in tests.

use hmac::{KeyInit, Mac};
use sha2::Sha256;
use sha2::block_api::compress256;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// SHA-256 initial hash value (FIPS 180-4, 5.3.3).
const IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// The longest message that fits one padded block.
pub(crate) const ONE_BLOCK_MAX: usize = 55;

/// The SHA-256 length field of a one-block inner message: the key block (64 bytes)
/// plus `len` message bytes, in bits, big-endian.
fn inner_bit_len(len: usize) -> [u8; 8] {
    ((64 + len as u64) * 8).to_be_bytes()
}

/// The second half of the outer block: `0x80`, zeros, and the bit length of the key
/// block plus a 32-byte inner digest.
const OUTER_PADDING: [u8; 32] = {
    let mut padding = [0u8; 32];
    padding[0] = 0x80;
    let bits = ((64u64 + 32) * 8).to_be_bytes();
    let mut i = 0;
    while i < 8 {
        padding[24 + i] = bits[i];
        i += 1;
    }
    padding
};

/// The block layout in plain Rust, for targets without SSE2. Compiled everywhere, so
/// that the tests can compare it with the SSE2 layout on x86-64.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
mod portable {
    use super::inner_bit_len;

    /// The padded single block of an ASCII `message` (at most 55 bytes), after the
    /// inner key block: the message, `0x80`, zeros, and the bit length in the last
    /// eight bytes. `None` when the message is not ASCII.
    pub(super) fn inner_block(message: &[u8], ascii_lowercase: bool) -> Option<[u8; 64]> {
        if !message.is_ascii() {
            return None;
        }
        let len = message.len();
        let mut block = [0u8; 64];
        block[..len].copy_from_slice(message);
        if ascii_lowercase {
            block[..len].make_ascii_lowercase();
        }
        block[len] = 0x80;
        block[56..].copy_from_slice(&inner_bit_len(len));
        Some(block)
    }

    /// The hash state as its big-endian byte string.
    pub(super) fn big_endian(state: [u32; 8]) -> [u8; 32] {
        let mut bytes = [0u8; 32];
        for (chunk, word) in bytes.chunks_exact_mut(4).zip(state) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        bytes
    }
}

#[cfg(not(target_arch = "x86_64"))]
use portable::{big_endian, inner_block};
#[cfg(target_arch = "x86_64")]
use sse2::{big_endian, inner_block};

/// The inner block built in SSE2 registers (x86-64 baseline, so no runtime check).
///
/// Copying a short message into a zeroed buffer with `copy_from_slice` and then
/// storing the padding byte and the length leaves each 16 bytes of the block written
/// by several overlapping stores of other sizes. The compression reads the block with
/// 16-byte loads, which then cannot be forwarded from the store buffer and wait for the
/// stores to reach the cache: measured at up to 20 ns of a 110 ns HMAC
/// (`benches/hmac.rs`). Here every 16-byte chunk is assembled in a register and
/// written once.
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use safe_arch::{
        bitand_m128i, bitor_m128i, cmp_gt_mask_i8_m128i, cmp_lt_mask_i8_m128i,
        load_unaligned_m128i, m128i, move_mask_i8_m128i, set_i64_m128i, set_splat_i8_m128i,
        shl_imm_u16_m128i, shr_imm_u16_m128i, shuffle_ai_i16_h64all_m128i,
        shuffle_ai_i16_l64all_m128i, store_unaligned_m128i,
    };

    use super::inner_bit_len;

    /// `PADDING[r]` is a 16-byte chunk with `0x80` at byte `r`.
    const PADDING: [[u8; 16]; 16] = {
        let mut table = [[0u8; 16]; 16];
        let mut r = 0;
        while r < 16 {
            table[r][r] = 0x80;
            r += 1;
        }
        table
    };

    /// The little-endian value of up to 16 bytes, zero above them, read with at most
    /// two overlapping loads instead of a byte loop.
    #[inline(always)]
    fn load_partial(bytes: &[u8]) -> u128 {
        let n = bytes.len();
        let le64 = |at: usize| {
            bytes
                .get(at..at + 8)
                .and_then(|b| b.first_chunk::<8>())
                .map_or(0, |b| u64::from_le_bytes(*b))
        };
        let le32 = |at: usize| {
            bytes
                .get(at..at + 4)
                .and_then(|b| b.first_chunk::<4>())
                .map_or(0, |b| u32::from_le_bytes(*b))
        };
        if n >= 8 {
            // The second load ends at the last byte; shift out what the first covered.
            let high = le64(n - 8).checked_shr(8 * (16 - n) as u32).unwrap_or(0);
            u128::from(le64(0)) | u128::from(high) << 64
        } else if n >= 4 {
            // Overlapping bytes are equal in both loads, so OR keeps them intact.
            u128::from(le32(0)) | u128::from(le32(n - 4)) << (8 * (n - 4))
        } else {
            bytes
                .iter()
                .rev()
                .fold(0u128, |value, &b| value << 8 | u128::from(b))
        }
    }

    /// The hash state as its big-endian byte string: in each 32-bit word, swap the
    /// 16-bit halves, then the bytes of each half (five instructions per 16 bytes,
    /// between the two compressions).
    #[inline(always)]
    pub(super) fn big_endian(state: [u32; 8]) -> [u8; 32] {
        let swap = |words: [u32; 4]| {
            let halves =
                shuffle_ai_i16_h64all_m128i::<0b10_11_00_01>(shuffle_ai_i16_l64all_m128i::<
                    0b10_11_00_01,
                >(m128i::from(words)));
            <[u8; 16]>::from(bitor_m128i(
                shl_imm_u16_m128i::<8>(halves),
                shr_imm_u16_m128i::<8>(halves),
            ))
        };
        let [a, b, c, d, e, f, g, h] = state;
        let mut bytes = [0u8; 32];
        let (low, high) = bytes.split_at_mut(16);
        low.copy_from_slice(&swap([a, b, c, d]));
        high.copy_from_slice(&swap([e, f, g, h]));
        bytes
    }

    /// ASCII upper-case letters to lower case, sixteen bytes at a time. The caller
    /// has checked the message is ASCII, so a signed byte compare is a range check.
    fn ascii_lowercase(chunk: m128i) -> m128i {
        let above = cmp_gt_mask_i8_m128i(chunk, set_splat_i8_m128i(b'A' as i8 - 1));
        let below = cmp_lt_mask_i8_m128i(chunk, set_splat_i8_m128i(b'Z' as i8 + 1));
        let upper = bitand_m128i(above, below);
        bitor_m128i(chunk, bitand_m128i(upper, set_splat_i8_m128i(0x20)))
    }

    /// Sixteen message bytes from `at`, or zeros past the end (never reached: callers
    /// only ask for chunks inside the message).
    #[inline(always)]
    fn load_chunk(message: &[u8], at: usize) -> m128i {
        message
            .get(at..)
            .and_then(|bytes| bytes.first_chunk::<16>())
            .map_or_else(m128i::default, load_unaligned_m128i)
    }

    /// The padded single block of an ASCII `message`, as `portable::inner_block`
    /// builds it; `None` when the message is not ASCII.
    #[inline(always)]
    pub(super) fn inner_block(message: &[u8], lowercase: bool) -> Option<[u8; 64]> {
        let len = message.len();
        let (full, rest) = (len / 16, len % 16);
        let tail = load_partial(message.get(16 * full..).unwrap_or_default());
        let tail = set_i64_m128i((tail >> 64) as i64, tail as i64);
        // Each chunk is a value of its own, never indexed by a runtime value, so the
        // compiler neither merges the loads into a `memcpy` nor spills the chunks.
        let zero = m128i::default();
        let load = |at| load_chunk(message, at);
        let [a, b, c] = match full {
            0 => [zero; 3],
            1 => [load(0), zero, zero],
            2 => [load(0), load(16), zero],
            _ => [load(0), load(16), load(32)],
        };
        // Non-ASCII bytes have their top bit set; checking here saves a pass.
        if move_mask_i8_m128i(bitor_m128i(bitor_m128i(a, b), bitor_m128i(c, tail))) != 0 {
            return None;
        }
        let lower = |chunk| {
            if lowercase {
                ascii_lowercase(chunk)
            } else {
                chunk
            }
        };
        let [a, b, c] = [lower(a), lower(b), lower(c)];
        let tail = bitor_m128i(lower(tail), load_unaligned_m128i(&PADDING[rest]));
        let mut chunks = match full {
            0 => [tail, zero, zero, zero],
            1 => [a, tail, zero, zero],
            2 => [a, b, tail, zero],
            _ => [a, b, c, tail],
        };
        let bit_len = i64::from_le_bytes(inner_bit_len(len));
        chunks[3] = bitor_m128i(chunks[3], set_i64_m128i(bit_len, 0));
        let mut block = [0u8; 64];
        for (bytes, chunk) in block.chunks_exact_mut(16).zip(chunks) {
            if let Some(bytes) = bytes.first_chunk_mut::<16>() {
                store_unaligned_m128i(bytes, chunk);
            }
        }
        Some(block)
    }
}

/// An HMAC-SHA256 key, ready to MAC many messages.
#[derive(Clone)]
pub(crate) struct HmacSha256 {
    inner: [u32; 8],
    outer: [u32; 8],
    streaming: hmac::Hmac<Sha256>,
}

impl HmacSha256 {
    /// Absorbs the key (any length; longer than a block is hashed first, per RFC 2104).
    pub(crate) fn new(key: &[u8]) -> Self {
        let mut block = [0u8; 64];
        if key.len() > 64 {
            use sha2::Digest;
            block[..32].copy_from_slice(&Sha256::digest(key));
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let mut inner = IV;
        let mut outer = IV;
        let mut pad = [0u8; 64];
        for (p, k) in pad.iter_mut().zip(&block) {
            *p = k ^ 0x36;
        }
        compress256(&mut inner, &[pad]);
        for (p, k) in pad.iter_mut().zip(&block) {
            *p = k ^ 0x5c;
        }
        compress256(&mut outer, &[pad]);
        pad.zeroize();
        // `new_from_slice` accepts keys of any length for HMAC.
        let streaming = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        block.zeroize();
        HmacSha256 {
            inner,
            outer,
            streaming,
        }
    }

    /// The MAC of `message`.
    pub(crate) fn mac(&self, message: &[u8]) -> [u8; 32] {
        if message.len() <= ONE_BLOCK_MAX
            && let Some(mac) = self.mac_ascii_one_block(message, false, || ())
        {
            return mac;
        }
        let mut mac = self.streaming.clone();
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// The MAC of `message` (at most 55 bytes), ASCII-lowercased first when
    /// `ascii_lowercase` is set: exactly two compressions. `None` when the message is
    /// not ASCII (checked while the block is laid out), and then `meanwhile` is not
    /// called; otherwise it is called once, between the compressions.
    ///
    /// Both blocks are laid out in place and handed to `compress256` by reference.
    /// The inner block is written as four 16-byte stores where the target has SSE2
    /// (see [`inner_block`]), so the compression's 16-byte loads are forwarded from
    /// those stores instead of waiting for a mix of narrower ones to reach the cache.
    #[inline]
    pub(crate) fn mac_ascii_one_block(
        &self,
        message: &[u8],
        ascii_lowercase: bool,
        meanwhile: impl FnOnce(),
    ) -> Option<[u8; 32]> {
        debug_assert!(message.len() <= ONE_BLOCK_MAX);
        let inner_block = [inner_block(message, ascii_lowercase)?];
        let mut state = self.inner;
        compress256(&mut state, &inner_block);
        // The caller's work that does not need the MAC runs here, in the shadow of
        // the first compression's long chain of dependent rounds.
        meanwhile();

        let mut outer_block = [[0u8; 64]];
        let (digest, padding) = outer_block[0].split_at_mut(32);
        if let Some(digest) = digest.first_chunk_mut::<32>() {
            *digest = big_endian(state);
        }
        // Whole 16-byte stores of a constant, not a zeroed buffer patched byte by byte:
        // the compression's 16-byte loads can then be forwarded from them.
        padding.copy_from_slice(&OUTER_PADDING);
        let mut state = self.outer;
        compress256(&mut state, &outer_block);
        Some(big_endian(state))
    }

    /// A streaming MAC for input fed in pieces.
    pub(crate) fn streaming(&self) -> hmac::Hmac<Sha256> {
        self.streaming.clone()
    }
}

impl Drop for HmacSha256 {
    fn drop(&mut self) {
        // The absorbed key states are as good as the key itself.
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

impl ZeroizeOnDrop for HmacSha256 {}

#[cfg(test)]
mod tests {
    use super::HmacSha256;

    /// RFC 4231 test cases 1-7 (case 5's expected output is truncated to 128 bits).
    const RFC4231: &[(&str, &str, &str)] = &[
        (
            "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
            "4869205468657265",
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        ),
        (
            "4a656665",
            "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        ),
        (
            "0102030405060708090a0b0c0d0e0f10111213141516171819",
            "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        ),
        (
            "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c",
            "546573742057697468205472756e636174696f6e",
            "a3b6167473100ee06e0c796c2955552b",
        ),
        (
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        ),
        (
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
        ),
    ];

    fn unhex(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap_or_else(|e| panic!("bad test hex: {e}"))
    }

    #[test]
    fn rfc4231_vectors() {
        for (i, (key, data, expected)) in RFC4231.iter().enumerate() {
            let mac = HmacSha256::new(&unhex(key)).mac(&unhex(data));
            let expected = unhex(expected);
            assert_eq!(
                &mac[..expected.len()],
                &expected[..],
                "RFC 4231 vector index {i}"
            );
        }
    }

    /// The streaming MAC of `message`, the reference for the one-block path.
    fn streaming_mac(key: &HmacSha256, message: &[u8]) -> [u8; 32] {
        use hmac::Mac;
        let mut streaming = key.streaming();
        streaming.update(message);
        streaming.finalize().into_bytes().into()
    }

    /// The SSE2 layout against the plain one, for every length, case setting and
    /// position of a non-ASCII byte.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn sse2_layout_matches_portable_layout() {
        use super::{portable, sse2};
        for len in 0..=super::ONE_BLOCK_MAX {
            let message: Vec<u8> = (0..len).map(|i| b"aZ0-_.Q9~ "[i % 10]).collect();
            for lowercase in [false, true] {
                assert_eq!(
                    sse2::inner_block(&message, lowercase),
                    portable::inner_block(&message, lowercase),
                    "length {len}"
                );
                for at in 0..len {
                    let mut bad = message.clone();
                    bad[at] = 0xc3;
                    assert_eq!(sse2::inner_block(&bad, lowercase), None);
                    assert_eq!(portable::inner_block(&bad, lowercase), None);
                }
            }
        }
        let state: [u32; 8] = std::array::from_fn(|i| 0x89ab_cdefu32.rotate_left(5 * i as u32));
        assert_eq!(sse2::big_endian(state), portable::big_endian(state));
    }

    #[test]
    fn big_endian_matches_to_be_bytes() {
        let mut word = 0x0123_4567u32;
        for _ in 0..1000 {
            let state: [u32; 8] = std::array::from_fn(|_| {
                word = word.wrapping_mul(0x9e37_79b9).rotate_left(5) ^ 0xa5a5_5a5a;
                word
            });
            let expected: Vec<u8> = state.iter().flat_map(|w| w.to_be_bytes()).collect();
            assert_eq!(super::big_endian(state).to_vec(), expected, "{state:08x?}");
        }
    }

    #[test]
    fn one_block_lowercasing_matches_lowercase_then_streaming() {
        let key = HmacSha256::new(b"a key that is long enough to be realistic!!");
        // Every ASCII byte, in a rotating window, at every one-block length, so each
        // byte value lands in each chunk and lane, including the tail chunk.
        for len in 0..=super::ONE_BLOCK_MAX {
            for start in (0u8..128).step_by(7) {
                let message: Vec<u8> = (0..len)
                    .map(|i| start.wrapping_add((i as u8).wrapping_mul(3)) & 0x7f)
                    .collect();
                let lowered = message.to_ascii_lowercase();
                assert_eq!(
                    key.mac_ascii_one_block(&message, true, || ()),
                    Some(streaming_mac(&key, &lowered)),
                    "length {len}, start {start}"
                );
                assert_eq!(
                    key.mac_ascii_one_block(&message, false, || ()),
                    Some(streaming_mac(&key, &message)),
                    "length {len}, start {start}"
                );
            }
        }
    }

    #[test]
    fn one_block_path_refuses_non_ascii_anywhere() {
        let key = HmacSha256::new(b"a key that is long enough to be realistic!!");
        for len in 1..=super::ONE_BLOCK_MAX {
            for at in 0..len {
                let mut message = vec![b'a'; len];
                message[at] = 0x80 | (at as u8);
                assert_eq!(
                    key.mac_ascii_one_block(&message, false, || ()),
                    None,
                    "{len} {at}"
                );
                // The general entry point still MACs it, through the streaming path.
                assert_eq!(key.mac(&message), streaming_mac(&key, &message));
            }
        }
    }

    #[test]
    fn one_block_path_matches_streaming_path_at_every_length() {
        let key = HmacSha256::new(b"a key that is long enough to be realistic!!");
        for len in 0..=80 {
            let message: Vec<u8> = (0..len).map(|i| i as u8 ^ 0x5a).collect();
            assert_eq!(
                key.mac(&message),
                streaming_mac(&key, &message),
                "length {len}"
            );
        }
    }
}
