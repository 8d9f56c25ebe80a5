"""Envelope encryption cost: seal+open of one e-mail-sized value per record.

Baseline, measured in the same run: one bare AES-256-GCM encrypt+decrypt with a fixed
key (no per-record data key, no wrapping). The ratio is what per-record keys cost.
Run: `make bench` (or `python -m bench.crypto_envelope`).
"""

from __future__ import annotations

import os
import tempfile
import time

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from services.common.crypto import BlindIndex, Envelope, LocalKeyring, associated_data

N = 20_000
VALUE = "amina.example@example.org"


def timed(fn) -> float:
    start = time.perf_counter()
    for i in range(N):
        fn(i)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as key_dir:
        LocalKeyring.add_key(key_dir)
        envelope = Envelope(LocalKeyring.from_dir(key_dir))
        index = BlindIndex(os.urandom(32))
        aead = AESGCM(AESGCM.generate_key(bit_length=256))

        def baseline(i):
            nonce = os.urandom(12)
            aead.decrypt(nonce, aead.encrypt(nonce, VALUE.encode(), b"ad"), b"ad")

        def envelope_round_trip(i):
            aad = associated_data("registrations", "email_enc", i)
            envelope.open(envelope.seal(VALUE, aad), aad)

        def blind_index(i):
            index.digest(VALUE, "event-key")

        base = timed(baseline)
        env = timed(envelope_round_trip)
        idx = timed(blind_index)
    print(f"records: {N}")
    print(f"baseline AES-GCM round trip:  {N / base:>10,.0f}/s  ({base / N * 1e6:.1f} µs)")
    print(f"envelope seal+open:           {N / env:>10,.0f}/s  ({env / N * 1e6:.1f} µs)")
    print(f"blind index digest:           {N / idx:>10,.0f}/s  ({idx / N * 1e6:.1f} µs)")
    print(f"ratio envelope/baseline: {env / base:.2f}x")


if __name__ == "__main__":
    main()
