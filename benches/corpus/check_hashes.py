"""The peer of `claimcheck check` a user might write instead: load every claim file
with PyYAML's C loader, hash each pinned span with hashlib, count the pins that fail.
Checks hashes only (no drift classes, no re-anchoring, no positions). Run from the
corpus root; prints the number of pins and of failures."""
import glob, hashlib, sys, yaml

texts, pins, failed = {}, 0, 0
for path in sorted(glob.glob("claims/*.yaml")):
    with open(path, encoding="utf-8") as handle:
        claims = yaml.load(handle, Loader=yaml.CSafeLoader) or []
    for claim in claims:
        for evidence in claim.get("evidence") or []:
            source = evidence["source"]
            if source not in texts:
                with open(f"sources/{source}.txt", "rb") as handle:
                    texts[source] = handle.read()
            start, end = (int(part) for part in evidence["span"].split(".."))
            digest = hashlib.sha256(texts[source][start:end]).hexdigest()
            pins += 1
            failed += digest != evidence["sha256"]
print(pins, failed, file=sys.stderr)
