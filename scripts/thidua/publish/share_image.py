"""The site's share image (Open Graph / Twitter card), drawn at build time.

A 1200×630 PNG made here from rectangles and a tiny built-in bitmap font: no font file,
no image library, nothing downloaded, and the same bytes on every build.
"""

from __future__ import annotations

import struct
import zlib

WIDTH, HEIGHT = 1200, 630
ALT = "Kho kế hoạch thi đua đặc biệt 2021 — QĐ 1497/QĐ-TTg"

RED = (0x9F, 0x1C, 0x1C)  # the site's primary colour (archive.css)
DARK = (0x7F, 0x00, 0x00)
WHITE = (0xFF, 0xFF, 0xFF)
PINK = (0xFF, 0xCD, 0xD2)
GREY = (0xBD, 0xBD, 0xBD)

# 5×7 glyphs (Đ is 6 wide, I 3); rows 7–8 hold descenders. Only the letters drawn below.
GLYPHS = {
    "A": [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
    "B": ["####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."],
    "C": [".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."],
    "Đ": [".####.", ".#...#", ".#...#", "####.#", ".#...#", ".#...#", ".####."],
    "E": ["#####", "#....", "#....", "####.", "#....", "#....", "#####"],
    "H": ["#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
    "I": ["###", ".#.", ".#.", ".#.", ".#.", ".#.", "###"],
    "K": ["#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"],
    "O": [".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
    "Q": [".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"],
    "T": ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
    "U": ["#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
    "g": [".....", ".....", ".####", "#...#", "#...#", "#...#", ".####", "....#", ".###."],
    "0": [".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."],
    "1": ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."],
    "2": [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"],
    "4": ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."],
    "7": ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."],
    "9": [".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."],
    "/": ["....#", "....#", "...#.", "..#..", ".#...", "#....", "#...."],
    "-": [".....", ".....", ".....", "#####", ".....", ".....", "....."],
    " ": ["..."],
}
# Vietnamese marks over (rows -3..-1) and under (row 8) a base letter.
MARKS_ABOVE = {"circumflex": ["", "..#..", ".#.#."], "circumflex-acute": ["....#", "..#..", ".#.#."],
               "breve": ["", "#...#", ".###."]}
COMPOSED = {"Ế": ("E", "circumflex-acute", False), "Ạ": ("A", None, True), "Ặ": ("A", "breve", True),
            "Ệ": ("E", "circumflex", True)}


class _Canvas:
    def __init__(self, width: int, height: int, fill: tuple[int, int, int]):
        self.width, self.height = width, height
        self.rows = [bytearray(bytes(fill) * width) for _ in range(height)]

    def rect(self, x: int, y: int, w: int, h: int, colour: tuple[int, int, int]) -> None:
        x0, x1 = max(0, x), min(self.width, x + w)
        if x1 <= x0:
            return
        run = bytes(colour) * (x1 - x0)
        for row in self.rows[max(0, y):min(self.height, y + h)]:
            row[3 * x0:3 * x1] = run

    def bitmap(self, x: int, y: int, rows: list[str], scale: int, colour) -> None:
        for r, line in enumerate(rows):
            for c, cell in enumerate(line):
                if cell == "#":
                    self.rect(x + c * scale, y + r * scale, scale, scale, colour)

    def text(self, x: int, y: int, text: str, scale: int, colour) -> None:
        """Draws `text` with its baseline row 6 at y + 6*scale; one column of space between letters."""
        for ch in text:
            base, mark, dot = COMPOSED.get(ch, (ch, None, False))
            glyph = GLYPHS[base]
            if mark:
                self.bitmap(x, y - 3 * scale, MARKS_ABOVE[mark], scale, colour)
            self.bitmap(x, y, glyph, scale, colour)
            if dot:
                self.bitmap(x, y + 8 * scale, ["..#.."], scale, colour)
            x += (len(glyph[0]) + 1) * scale

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(row) for row in self.rows)
        return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0))
                + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def share_image() -> bytes:
    """The PNG: a document sheet on the site's red, the archive's name and QĐ 1497/QĐ-TTg."""
    c = _Canvas(WIDTH, HEIGHT, RED)
    c.rect(0, HEIGHT - 36, WIDTH, 36, DARK)
    # A sheet of paper with a folded corner and lines of text.
    x, y, w, h, fold = 90, 150, 220, 300, 50
    c.rect(x, y + fold, w, h - fold, WHITE)
    c.rect(x, y, w - fold, fold, WHITE)
    for i in range(fold):  # the fold: a triangle, one row at a time
        c.rect(x + w - fold, y + i, i, 1, GREY)
    for i, length in enumerate((150, 170, 120, 170, 90)):
        c.rect(x + 30, y + 90 + i * 36, length, 12, GREY)
    c.text(380, 150, "KHO KẾ HOẠCH", 9, WHITE)
    c.text(380, 275, "THI ĐUA ĐẶC BIỆT 2021", 6, WHITE)
    c.text(380, 400, "QĐ 1497/QĐ-TTg", 7, PINK)
    return c.png()
