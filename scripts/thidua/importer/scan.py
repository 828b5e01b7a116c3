"""A scanned page made fit for OCR: straightened, cleaned and set in black and white.

Tesseract reads a page turned by a degree or two line by line and drops whole paragraphs
(a "Thực hiện Kế hoạch số …" of four lines went missing at 2°); speckle beside the signature
becomes junk lines; a dark corner (a phone photo) hides a column. So each page is:

- scaled to about 300 dpi (an A4 page about 2,480 pixels wide), which Tesseract reads best;
- straightened: the angle whose rows of ink are sharpest (a projection profile, searched on a
  reduced copy between -5° and 5°) is turned back;
- cleaned of speckle (a 3×3 median);
- set in black and white against the local background (each pixel against the mean of the
  square around it), so uneven light or a dark corner does not swallow the text.

Pillow and numpy (pinned in requirements.txt) do the work; the page goes to Tesseract as
PGM, which is written in a fraction of the time a PNG takes.
"""

from __future__ import annotations

from pathlib import Path

A4_WIDTH = 2480      # pixels across an A4 page at 300 dpi
MAX_ANGLE = 5.0      # degrees searched either way
WINDOW = 41          # side of the square a pixel is compared with (pixels at 300 dpi: about two letter heights)
DARKER_BY = 0.12     # ink is this much darker than the mean around it


def prepare_page(source: Path, target: Path) -> float:
    """Write `source` (any image Pillow reads) to `target` as a clean, straight PGM; the angle turned back."""
    import numpy as np
    from PIL import Image, ImageFilter

    img = Image.open(source)
    img = img.convert("L")
    if img.width < 0.8 * A4_WIDTH:  # a 150 or 200 dpi scan: letters too small for Tesseract
        scale = A4_WIDTH / img.width
        img = img.resize((round(img.width * scale), round(img.height * scale)), Image.LANCZOS)
    img = img.filter(ImageFilter.MedianFilter(3))
    angle = skew_angle(img)
    if abs(angle) >= 0.1:
        img = img.rotate(-angle, resample=Image.BICUBIC, fillcolor=255, expand=False)
    pixels = np.asarray(img, dtype=np.float32)
    local = _box_mean(pixels, WINDOW)
    ink = pixels < local * (1 - DARKER_BY)
    Image.fromarray(np.where(ink, 0, 255).astype(np.uint8)).save(target, "PPM")
    return angle


def skew_angle(img) -> float:
    """The page's tilt in degrees (counter-clockwise positive, as Pillow's rotate turns)."""
    import numpy as np
    from PIL import Image

    small = img.reduce(4) if img.width > 1200 else img
    dark = np.asarray(small, dtype=np.float32) < 160
    base = Image.fromarray((dark * 255).astype(np.uint8))

    def sharpness(angle: float) -> float:
        rows = np.asarray(base.rotate(-angle, resample=Image.NEAREST, fillcolor=0), dtype=np.float32).sum(axis=1)
        return float(np.var(np.diff(rows)))

    best = max((a / 2 for a in range(int(-MAX_ANGLE * 2), int(MAX_ANGLE * 2) + 1)), key=sharpness)
    return max((best + a / 20 for a in range(-10, 11)), key=sharpness)


def _box_mean(pixels, size: int):
    """The mean of the `size`×`size` square around every pixel (an integral image: one pass whatever the size)."""
    import numpy as np

    pad = size // 2
    padded = np.pad(pixels, pad + 1, mode="edge").astype(np.float64)
    integral = padded.cumsum(0).cumsum(1)
    h, w = pixels.shape
    total = (integral[size:size + h, size:size + w] - integral[:h, size:size + w]
             - integral[size:size + h, :w] + integral[:h, :w])
    return (total / (size * size)).astype(np.float32)
