"""Fail unless every executed notebook embeds a figure for each cell that draws one.

make notebooks runs this on results/out/notebooks/*.ipynb: a notebook whose
figures are not embedded (a non-inline matplotlib backend, a cell that draws
nothing) is a notebook a reader opens without its plots.
"""
import json
import sys

DRAWS = ("plt.subplots", "plt.figure", ".plot(", ".plot.")

bad = 0
for path in sys.argv[1:]:
    cells = json.load(open(path))["cells"]
    drawing = images = 0
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "code" or not any(d in "".join(cell["source"]) for d in DRAWS):
            continue
        drawing += 1
        n = sum("image/png" in out.get("data", {}) for out in cell.get("outputs", []))
        images += n
        if n == 0:
            print(f"{path}: cell {i} draws a figure but embeds no image", file=sys.stderr)
            bad += 1
    print(f"{path}: {images} figures embedded by {drawing} drawing cells")
sys.exit(1 if bad else 0)
