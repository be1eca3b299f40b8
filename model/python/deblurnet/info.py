"""``python3 -m deblurnet.info [--model ID]``: parameters and FLOPs per output pixel of each model."""
import argparse

from .flops import count_parameters, flops_per_pixel
from .models import MODEL_IDS, build


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", choices=MODEL_IDS, help="one model (default: all)")
    ap.add_argument("--size", type=int, default=256, help="square test input size (default 256)")
    args = ap.parse_args(argv)
    ids = [args.model] if args.model else MODEL_IDS
    print(f"{'model':<12} {'params':>12} {'FLOPs/pixel':>14} {'size_multiple':>14}")
    for mid in ids:
        m = build(mid)
        print(f"{mid:<12} {count_parameters(m):>12,} {flops_per_pixel(m, args.size, args.size):>14,.0f} "
              f"{m.size_multiple:>14}")


if __name__ == "__main__":
    main()
