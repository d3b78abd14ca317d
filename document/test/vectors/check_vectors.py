#!/usr/bin/env python3
"""Independent re-implementation of docs/hashing.md (Python standard library only).

Re-derives every field hash and the document hash of each vector in this folder from its
"document" and compares them with "expected". Usage: python3 document/test/vectors/check_vectors.py
For the v1 value domain (strings, integers; ASCII keys) RFC 8785 equals json.dumps with sorted
keys, no whitespace and ensure_ascii=False.
"""
import hashlib, json, pathlib, sys, unicodedata

def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

def nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    return value

def sha256_hex(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

failures = 0
for path in sorted(pathlib.Path(__file__).parent.glob("*.json")):
    vector = json.loads(path.read_text(encoding="utf-8"))
    doc, expected = vector["document"], vector["expected"]
    hashes = []
    for name, field in doc["fields"].items():
        preimage = canonical(nfc({"name": name, "salt": field["salt"], "value": field["value"]}))
        h = sha256_hex(preimage)
        hashes.append(h)
        if preimage != expected["fieldHashPreimages"][name] or h != expected["fieldHashes"][name]:
            print(f"{path.name}: field {name} differs"); failures += 1
    for name, h in doc["hiddenFields"].items():
        hashes.append(h)
        if h != expected["fieldHashes"][name]:
            print(f"{path.name}: hidden field {name} differs"); failures += 1
    preimage = canonical({"fieldHashes": sorted(hashes), "schemaVersion": doc["schemaVersion"]})
    if preimage != expected["documentHashPreimage"] or sha256_hex(preimage) != expected["documentHash"]:
        print(f"{path.name}: document hash differs"); failures += 1
    if doc["documentHash"] != expected["documentHash"]:
        print(f"{path.name}: documentHash field differs"); failures += 1
    print(f"{path.name}: {'ok' if failures == 0 else 'FAIL'}")
sys.exit(1 if failures else 0)
