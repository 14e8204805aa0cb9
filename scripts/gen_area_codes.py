#!/usr/bin/env python3
"""Generate src/model/area_codes.rs from libphonenumber's resources/timezones/map_data.txt.

Usage: python3 scripts/gen_area_codes.py path/to/map_data.txt [commit] > src/model/area_codes.rs

Every line whose prefix is country code 1 plus at least three digits is grouped by its
three-digit area code; the zones of all lines under an area code (the 1NXX line and any
longer 1NXXYYY split-code lines) are unioned. Area codes none of whose zones are US zones
(Canada, the Caribbean) are dropped. An area code that mixes US and non-US zones is also
dropped (reported on stderr): in this data those are Canadian codes (709, 879 Newfoundland
and Labrador) that also list America/Puerto_Rico for Atlantic-time Labrador.
"""
import re
import sys
from collections import defaultdict

US_ZONES = {
    "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
    "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Detroit",
    "America/Boise", "America/Menominee", "America/Juneau", "America/Nome", "America/Sitka",
    "America/Yakutat", "America/Adak", "America/Metlakatla", "America/Puerto_Rico",
    "America/St_Thomas", "Pacific/Guam", "Pacific/Saipan", "Pacific/Pago_Pago",
}
US_ZONE_PREFIXES = ("America/Indiana/", "America/Kentucky/", "America/North_Dakota/")


def is_us(zone):
    return zone in US_ZONES or zone.startswith(US_ZONE_PREFIXES)


def main():
    path = sys.argv[1]
    commit = sys.argv[2] if len(sys.argv) > 2 else "unknown"
    zones = defaultdict(set)
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or "|" not in line:
                continue
            prefix, tz = line.split("|", 1)
            if not re.fullmatch(r"1\d{3,}", prefix):
                continue
            zones[int(prefix[1:4])].update(z for z in tz.split("&") if z)

    out = [
        "//! NANP area codes and the IANA time zones their numbers are in, from libphonenumber's",
        "//! `resources/timezones/map_data.txt` (Apache-2.0; commit",
        f"//! {commit}). US states, DC and the US territories only. An",
        "//! area code that spans more than one zone lists each. Regenerate with",
        "//! `python3 scripts/gen_area_codes.py map_data.txt <commit>`; do not edit by hand.",
        "",
        "/// The zones of an area code's numbers, sorted; `None` for a code the table does not have.",
        "pub fn zones(area_code: u16) -> Option<&'static [&'static str]> {",
        "    AREA_CODES",
        "        .binary_search_by_key(&area_code, |(code, _)| *code)",
        "        .ok()",
        "        .map(|i| AREA_CODES[i].1)",
        "}",
        "",
        "/// `(area code, zones)`, sorted by area code.",
        "pub const AREA_CODES: &[(u16, &[&str])] = &[",
    ]
    for code in sorted(zones):
        us = sorted(z for z in zones[code] if is_us(z))
        other = sorted(z for z in zones[code] if not is_us(z))
        if not us:
            continue
        if other:
            print(f"warning: {code} mixes US {us} and non-US {other}; dropped",
                  file=sys.stderr)
            continue
        out.append(f"    ({code}, &[{', '.join(chr(34) + z + chr(34) for z in us)}]),")
    out.append("];")
    print("\n".join(out))


if __name__ == "__main__":
    main()
