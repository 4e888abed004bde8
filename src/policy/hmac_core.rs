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
        if message.len() <= ONE_BLOCK_MAX {
            self.mac_one_block(message, false)
        } else {
            let mut mac = self.streaming.clone();
            mac.update(message);
            mac.finalize().into_bytes().into()
        }
    }

    /// The MAC of `message` (at most 55 bytes), ASCII-lowercased first when
    /// `ascii_lowercase` is set: exactly two compressions.
    ///
    /// Both blocks are laid out in place and handed to `compress256` by reference.
    /// Building them elsewhere and passing them by value costs a copy that reloads
    /// freshly written bytes with wide loads, a store-forwarding stall measured at
    /// about 20 ns per call (`benches/hmac.rs`).
    #[inline]
    pub(crate) fn mac_one_block(&self, message: &[u8], ascii_lowercase: bool) -> [u8; 32] {
        let len = message.len();
        debug_assert!(len <= ONE_BLOCK_MAX);
        let mut inner_block = [[0u8; 64]];
        let block = &mut inner_block[0];
        block[..len].copy_from_slice(message);
        if ascii_lowercase {
            block[..len].make_ascii_lowercase();
        }
        block[len] = 0x80;
        block[56..].copy_from_slice(&((64 + len as u64) * 8).to_be_bytes());
        let mut state = self.inner;
        compress256(&mut state, &inner_block);

        let mut outer_block = [[0u8; 64]];
        let block = &mut outer_block[0];
        block[32] = 0x80;
        block[56..].copy_from_slice(&((64u64 + 32) * 8).to_be_bytes());
        for (chunk, word) in block[..32].chunks_exact_mut(4).zip(state) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        let mut state = self.outer;
        compress256(&mut state, &outer_block);
        let mut out = [0u8; 32];
        for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        out
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

    #[test]
    fn one_block_path_matches_streaming_path_at_every_length() {
        use hmac::Mac;
        let key = HmacSha256::new(b"a key that is long enough to be realistic!!");
        for len in 0..=80 {
            let message: Vec<u8> = (0..len).map(|i| i as u8 ^ 0x5a).collect();
            let mut streaming = key.streaming();
            streaming.update(&message);
            let expected: [u8; 32] = streaming.finalize().into_bytes().into();
            assert_eq!(key.mac(&message), expected, "length {len}");
        }
    }
}
