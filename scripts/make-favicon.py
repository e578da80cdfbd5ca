#!/usr/bin/env python3
"""Writes src/RtesResources.Web/wwwroot/favicon.ico (16x16 and 32x32) to match favicon.svg:
a green rounded square with "RTES" in white. Standard library only; run it again after changing
the colours or the letters. Browsers that read SVG icons use favicon.svg; the rest ask for /favicon.ico."""
import struct
from pathlib import Path

GREEN = (0x1B, 0x5E, 0x3B)
WHITE = (0xFF, 0xFF, 0xFF)
GLYPHS = {  # 3x5 pixel letters
    "R": ["110", "101", "110", "101", "101"],
    "T": ["111", "010", "010", "010", "010"],
    "E": ["111", "100", "110", "100", "111"],
    "S": ["011", "100", "010", "001", "110"],
}


def coverage(x, y, size, radius):
    """Share of pixel (x, y) inside the rounded square, by 4x4 supersampling."""
    inside = 0
    for i in range(4):
        for j in range(4):
            px, py = x + (i + 0.5) / 4, y + (j + 0.5) / 4
            cx = min(max(px, radius), size - radius)
            cy = min(max(py, radius), size - radius)
            inside += (px - cx) ** 2 + (py - cy) ** 2 <= radius ** 2
    return inside / 16


def image(size):
    scale = 2 if size >= 32 else 1
    text = "RTES"
    width = (len(text) * 4 - 1) * scale
    left, top = (size - width) // 2, (size - 5 * scale) // 2 + scale
    letters = set()
    for n, letter in enumerate(text):
        for row, bits in enumerate(GLYPHS[letter]):
            for col, bit in enumerate(bits):
                if bit == "1":
                    for dx in range(scale):
                        for dy in range(scale):
                            letters.add((left + (n * 4 + col) * scale + dx, top + row * scale + dy))
    pixels = bytearray()
    for y in reversed(range(size)):  # BMP rows go bottom-up
        for x in range(size):
            r, g, b = WHITE if (x, y) in letters else GREEN
            pixels += bytes((b, g, r, round(255 * coverage(x, y, size, size * 6 / 32))))
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, len(pixels), 0, 0, 0, 0)
    mask = bytes(((size + 31) // 32) * 4 * size)  # all zero: the alpha channel decides
    return header + bytes(pixels) + mask


def main():
    images = [image(16), image(32)]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for size, data in zip((16, 32), images):
        out += struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    out += b"".join(images)
    target = Path(__file__).resolve().parent.parent / "src/RtesResources.Web/wwwroot/favicon.ico"
    target.write_bytes(out)
    print(f"{target}: {len(out)} bytes")


if __name__ == "__main__":
    main()
