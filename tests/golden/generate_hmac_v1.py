#!/usr/bin/env python3
"""Independent reference implementation of idpolicy's HmacPolicy v1 output format.

Writes tests/golden/hmac_v1.json. The Rust test `tests/golden.rs` checks the crate
against this file; the file must never change once released (it would re-map every
user). Run only to ADD vectors: `python3 tests/golden/generate_hmac_v1.py`.
"""
import base64, hashlib, hmac, json, os, struct, unicodedata

def canonical(s, trim=True, nfc=True, case_fold=False):
    if trim:
        s = s.strip()  # Python's str.strip() and Rust's str::trim() agree on Unicode White_Space for these inputs
    if nfc:
        s = unicodedata.normalize("NFC", s)
    if case_fold:
        s = "".join(c.lower() for c in s)
    return s

def user_id(key, internal, context="", prefix="", encoding="hex", bits=128, tag=None, **canon):
    ctx = context.encode()
    context_key = hmac.new(key, b"idpolicy/v1/context" + struct.pack(">Q", len(ctx)) + ctx, hashlib.sha256).digest()
    mac = hmac.new(context_key, canonical(internal, **canon).encode(), hashlib.sha256).digest()[: bits // 8]
    if tag is None:
        tag = "k" + hmac.new(key, b"idpolicy/v1/key-tag", hashlib.sha256).digest()[:2].hex()
    body = mac.hex() if encoding == "hex" else base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    return prefix + tag + "_" + body

KEY_A = bytes(range(32)).hex()
KEY_B = ("a5" * 32)
KEY_C = bytes(range(100, 164)).hex()  # 64-byte key
cases = []
def add(key_hex, internal, **opts):
    expected = user_id(bytes.fromhex(key_hex), internal, **opts)
    case = {"key_hex": key_hex, "input": internal, "expected": expected}
    case.update(opts)
    cases.append(case)

for s in ["42", "user_12345", "customer-42", "jane.doe@example.com", "a" * 55, "b" * 56, "x" * 200,
          "Zoë", "Zoe\u0308", "  padded\t", "Straße", "ΣΊΣΥΦΟΣ", "東京-42", "emoji-😀"]:
    add(KEY_A, s)
for ctx in ["prod", "staging", "ab", "a"]:
    add(KEY_A, "42", context=ctx)
add(KEY_A, "c", context="ab")
add(KEY_A, "bc", context="a")
add(KEY_B, "42")
add(KEY_B, "42", encoding="base64url")
add(KEY_B, "42", bits=64)
add(KEY_B, "42", bits=256)
add(KEY_B, "42", bits=256, encoding="base64url")
add(KEY_B, "42", bits=72, encoding="base64url")
add(KEY_B, "42", prefix="u_")
add(KEY_B, "42", tag="v2")
add(KEY_B, " Bob@Example.com", case_fold=True)
add(KEY_B, "bob@example.com", case_fold=True)
add(KEY_B, " Bob@Example.com", trim=False, nfc=False)
add(KEY_B, "Zoe\u0308", nfc=False)
add(KEY_B, "ΣΊΣΥΦΟΣ", case_fold=True)
add(KEY_C, "user_12345", context="tenant-7", prefix="t7.", encoding="base64url", bits=96)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hmac_v1.json")
with open(path, "w", encoding="utf-8") as f:
    json.dump({"format": "idpolicy HmacPolicy v1", "cases": cases}, f, indent=1, ensure_ascii=True)
    f.write("\n")
print(f"wrote {len(cases)} cases to {path}")
