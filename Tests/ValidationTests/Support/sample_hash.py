"""Sample hashes computed independently of the Swift code, with hashlib (docs/VALIDATE.md, "Sample"):
the first 8 bytes, big-endian, of SHA-256 over the ASCII decimal seed, ':', then the canonical key bytes.

Usage: sample_hash.py SEED HEX_KEY_BYTES...   prints one decimal hash per key."""

import hashlib
import sys

seed = sys.argv[1]
for hex_key in sys.argv[2:]:
    digest = hashlib.sha256(seed.encode("ascii") + b":" + bytes.fromhex(hex_key)).digest()
    print(int.from_bytes(digest[:8], "big"))
