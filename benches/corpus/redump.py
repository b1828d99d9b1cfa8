"""Writes every claim file of the corpus at the given root again as PyYAML writes it
(`yaml.dump`, default options: keys sorted, strings wrapped at 80 columns, non-ASCII
escaped, single quotes where a plain scalar would not do): the layout of a product
whose claim files a Python script generated, not `claimcheck pin`."""
import glob, sys, yaml

for path in sorted(glob.glob(f"{sys.argv[1]}/claims/*.yaml")):
    with open(path, encoding="utf-8") as handle:
        claims = yaml.load(handle, Loader=yaml.CSafeLoader)
    with open(path, "w", encoding="utf-8") as handle:
        yaml.dump(claims, handle, Dumper=yaml.CSafeDumper)
