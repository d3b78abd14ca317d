#!/usr/bin/env python3
"""Independent check of the anchoring tree vectors (docs/hashing.md, section 10).

Only Python's standard library: hashlib has no Keccak-256 (its sha3_256 is FIPS 202 SHA3, with
other padding), so Keccak-f[1600] is written out below from the Keccak specification, with the
round constants and rotation offsets derived rather than copied. Usage:
    python3 anchoring/test/merkle/vectors/check_vectors.py
Exit code 0 when every vector matches, 1 otherwise.
"""
import json
import pathlib
import sys

MASK = (1 << 64) - 1


def _round_constants():
    # rc(t): the output bit of the LFSR x^8 + x^6 + x^5 + x^4 + 1 after t steps.
    def rc(t):
        if t % 255 == 0:
            return 1
        r = 0x01
        for _ in range(t % 255):
            r <<= 1
            if r & 0x100:
                r ^= 0x171
        return r & 1

    constants = []
    for i in range(24):
        c = 0
        for j in range(7):
            if rc(j + 7 * i):
                c |= 1 << ((1 << j) - 1)
        constants.append(c)
    return constants


def _rotation_offsets():
    r = [[0] * 5 for _ in range(5)]
    x, y = 1, 0
    for t in range(24):
        r[x][y] = ((t + 1) * (t + 2) // 2) % 64
        x, y = y, (2 * x + 3 * y) % 5
    return r


RC = _round_constants()
ROT = _rotation_offsets()


def _rotl(v, n):
    return ((v << n) | (v >> (64 - n))) & MASK if n else v


def _keccak_f(a):
    """a[x][y]: 25 lanes of 64 bits."""
    for rnd in range(24):
        c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rotl(c[(x + 1) % 5], 1) for x in range(5)]
        a = [[a[x][y] ^ d[x] for y in range(5)] for x in range(5)]
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                b[y][(2 * x + 3 * y) % 5] = _rotl(a[x][y], ROT[x][y])
        a = [[b[x][y] ^ ((~b[(x + 1) % 5][y]) & b[(x + 2) % 5][y]) for y in range(5)] for x in range(5)]
        a[0][0] ^= RC[rnd]
    return a


def keccak256(data: bytes) -> bytes:
    rate = 136  # bytes: 1600 - 2 * 256 bits
    padded = bytearray(data) + b"\x01"  # Keccak's padding (SHA3 would be 0x06)
    padded += b"\x00" * (-len(padded) % rate)
    padded[-1] |= 0x80
    a = [[0] * 5 for _ in range(5)]
    for block in range(0, len(padded), rate):
        for i in range(rate // 8):
            x, y = i % 5, i // 5
            a[x][y] ^= int.from_bytes(padded[block + 8 * i: block + 8 * i + 8], "little")
        a = _keccak_f(a)
    out = b"".join(a[i % 5][i // 5].to_bytes(8, "little") for i in range(4))
    return out


def b32(hex_value: str) -> bytes:
    assert hex_value.startswith("0x") and len(hex_value) == 66, hex_value
    return bytes.fromhex(hex_value[2:])


def encode(leaf) -> bytes:
    """abi.encode(bytes32, uint8, uint64, bytes32): four 32-byte words."""
    assert leaf["eventType"] in (1, 2, 3, 4, 5)
    assert 1 <= leaf["fabricBlock"] < 2**64
    return (b32(leaf["documentHash"]) + leaf["eventType"].to_bytes(32, "big")
            + leaf["fabricBlock"].to_bytes(32, "big") + b32(leaf["fabricTxId"]))


def leaf_hash(leaf) -> bytes:
    return keccak256(keccak256(encode(leaf)))


def node(a: bytes, b: bytes) -> bytes:
    return keccak256(min(a, b) + max(a, b))


def tree_nodes(leaf_hashes):
    h = sorted(set(leaf_hashes))
    n = len(h)
    nodes = [b""] * (2 * n - 1)
    for i in range(n):
        nodes[2 * n - 2 - i] = h[i]
    for k in range(n - 2, -1, -1):
        nodes[k] = node(nodes[2 * k + 1], nodes[2 * k + 2])
    return nodes


def proof_of(nodes, leaf_h):
    k = nodes.index(leaf_h)
    proof = []
    while k > 0:
        proof.append(nodes[k + 1] if k % 2 == 1 else nodes[k - 1])
        k = (k - 1) // 2
    return proof


def verify(leaf, proof, root) -> bool:
    c = leaf_hash(leaf)
    for s in proof:
        c = node(c, s)
    return c == root


def hx(b: bytes) -> str:
    return "0x" + b.hex()


def check(path: pathlib.Path) -> list:
    v = json.loads(path.read_text(encoding="utf-8"))
    exp = v["expected"]
    problems = []
    leaves = v["leaves"]
    for i, leaf in enumerate(leaves):
        if hx(encode(leaf)) != exp["encodings"][i]:
            problems.append(f"leaf {i}: encoding")
        if hx(keccak256(encode(leaf))) != exp["innerHashes"][i]:
            problems.append(f"leaf {i}: inner hash")
        if hx(leaf_hash(leaf)) != exp["leafHashes"][i]:
            problems.append(f"leaf {i}: leaf hash")
    hashes = [leaf_hash(l) for l in leaves]
    order = sorted(range(len(leaves)), key=lambda i: hashes[i])
    if order != exp["canonicalOrder"]:
        problems.append("canonical order")
    nodes = tree_nodes(hashes)
    if [hx(n) for n in nodes] != exp["nodes"]:
        problems.append("nodes")
    if hx(nodes[0]) != exp["root"]:
        problems.append("root")
    for i, leaf in enumerate(leaves):
        proof = proof_of(nodes, hashes[i])
        if [hx(p) for p in proof] != exp["proofs"][i]:
            problems.append(f"leaf {i}: proof")
        if not verify(leaf, [b32(p) for p in exp["proofs"][i]], b32(exp["root"])):
            problems.append(f"leaf {i}: proof does not verify")
        tampered = dict(leaf, eventType=leaf["eventType"] % 5 + 1)
        if verify(tampered, proof, nodes[0]):
            problems.append(f"leaf {i}: a changed event type verifies")
    return problems


def main() -> int:
    # Keccak-256 itself first, against well-known digests.
    known = {b"": "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
             b"abc": "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
             # two blocks, and exactly one rate (the padding takes a block of its own); digests from ethers
             b"a" * 200: "96ea54061def936c4be90b518992fdc6f12f535068a256229aca54267b4d084d",
             bytes(range(136)): "7ce759f1ab7f9ce437719970c26b0a66ff11fe3e38e17df89cf5d29c7d7f807e"}
    for data, digest in known.items():
        if keccak256(data).hex() != digest:
            print(f"FAIL keccak256({data[:10]!r}) = {keccak256(data).hex()}")
            return 1
    ok = True
    for path in sorted(pathlib.Path(__file__).parent.glob("*.json")):
        problems = check(path)
        print(("ok   " if not problems else "FAIL ") + path.name + ("" if not problems else ": " + ", ".join(problems)))
        ok = ok and not problems
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
