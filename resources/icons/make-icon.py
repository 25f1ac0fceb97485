#!/usr/bin/env python3
"""Draws greenlight.png, the console's application icon: a signal head showing green.

Pure Python (no imaging library), so the icon can be redrawn anywhere: python3 make-icon.py
"""
import struct
import zlib

SIZE = 256
SS = 4  # supersampling per axis


def inside_round_rect(x, y, x0, y0, x1, y1, r):
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def colour_at(x, y):
    # Background tile, housing, then the three lamps.
    colour = None
    if inside_round_rect(x, y, 8, 8, 248, 248, 48):
        colour = (0x16, 0x1B, 0x22, 255)
    if inside_round_rect(x, y, 78, 22, 178, 234, 30):
        colour = (0x0D, 0x11, 0x17, 255)
    lamps = [(60, (0x4A, 0x1F, 0x1C)), (128, (0x4A, 0x3E, 0x12)), (196, (0x2E, 0xCC, 0x71))]
    for cy, rgb in lamps:
        if (x - 128) ** 2 + (y - cy) ** 2 <= 30 ** 2:
            colour = rgb + (255,)
    return colour


def main():
    rows = []
    for py in range(SIZE):
        row = bytearray([0])
        for px in range(SIZE):
            acc = [0, 0, 0, 0]
            for sy in range(SS):
                for sx in range(SS):
                    c = colour_at(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS)
                    if c:
                        for i in range(3):
                            acc[i] += c[i] * c[3]
                        acc[3] += c[3]
            n = SS * SS
            a = acc[3] / n
            if acc[3]:
                row += bytes(int(acc[i] / acc[3]) for i in range(3)) + bytes([int(a)])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9))
    png += chunk(b"IEND", b"")
    with open("greenlight.png", "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main()
