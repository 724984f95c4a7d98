#!/usr/bin/env python3
# png_crops.py: compares two rectangles of a PNG screenshot, with the
# standard library only (zlib). Used by report_browser.sh to tell Chinese
# glyphs from "tofu": two different Chinese words drawn as missing-glyph
# boxes give identical pixels, drawn with a font they differ.
# Usage: png_crops.py FILE.png X0 Y0 X1 Y1 X0 Y0 X1 Y1   (two boxes of the
# same size, half-open). Prints "ink_a ink_b differ": the share of inked
# pixels (luminance < 160) in each box, and of positions whose luminance
# differs by more than 64 between the boxes.
import struct
import sys
import zlib


def decode(path):
    """8-bit non-interlaced grey/RGB(A) PNG -> (width, height, rows of luminance)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG")
    pos, idat, w = 8, b"", 0
    while pos + 12 <= len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or interlace or color not in (0, 2, 4, 6):
                sys.exit(f"{path}: unsupported PNG (depth {depth}, color {color})")
            bpp = {0: 1, 2: 3, 4: 2, 6: 4}[color]
        elif kind == b"IDAT":
            idat += body
    raw, stride = zlib.decompress(idat), w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        if bpp < 3:
            rows.append(line[::bpp])
        else:
            rows.append([(299 * line[i] + 587 * line[i + 1] + 114 * line[i + 2]) // 1000
                         for i in range(0, stride, bpp)])
    return w, h, rows


def main():
    if len(sys.argv) != 10:
        sys.exit(__doc__ or "usage: png_crops.py FILE X0 Y0 X1 Y1 X0 Y0 X1 Y1")
    w, h, rows = decode(sys.argv[1])
    ax0, ay0, ax1, ay1, bx0, by0, bx1, by1 = (int(v) for v in sys.argv[2:])
    if ax1 - ax0 != bx1 - bx0 or ay1 - ay0 != by1 - by0 or max(ax1, bx1) > w or max(ay1, by1) > h:
        sys.exit("boxes of different sizes or outside the image")
    n = (ax1 - ax0) * (ay1 - ay0)
    ink_a = ink_b = differ = 0
    for dy in range(ay1 - ay0):
        ra, rb = rows[ay0 + dy], rows[by0 + dy]
        for dx in range(ax1 - ax0):
            la, lb = ra[ax0 + dx], rb[bx0 + dx]
            ink_a += la < 160
            ink_b += lb < 160
            differ += abs(la - lb) > 64
    print(f"{ink_a / n:.4f} {ink_b / n:.4f} {differ / n:.4f}")


main()
