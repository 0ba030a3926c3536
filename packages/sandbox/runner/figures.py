"""Figures as PNG images in the Result: the caps, the child's side (collect rendered PNGs, write
them to a shared region) and the runner's side (read, validate, budget, base64).

The caps match packages/core/src/execution/limits.ts (a test checks). Images past a cap are
dropped, and the Result says so (truncated.images). They are never dropped to fit the job's table
item: a result too large for it is stored whole as an object by the worker (core's stored-result).

Transport: like the report page (child.py), an anonymous MAP_SHARED region the runner maps before
forking, never a file (a job must write nothing outside its dir, and the runner must not read a
path the job controls). The job can forge the region's content, so the runner trusts only what it
can check: a PNG signature, an IHDR with a sane size, and every cap. Forging can only change the
job's own images.
"""

import base64
import struct

MAX_IMAGES = 4
MAX_IMAGE_BYTES = 64 * 1024
MAX_IMAGES_TOTAL_BYTES = 96 * 1024
MAX_IMAGE_PIXELS = 1600

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HEADER = struct.Struct("<III")  # count, truncated flag, reserved
ENTRY = struct.Struct("<I")  # length of the PNG that follows
REGION_BYTES = HEADER.size + MAX_IMAGES * ENTRY.size + MAX_IMAGES_TOTAL_BYTES

# --- child side -------------------------------------------------------------------------------

_pngs = []
_truncated = False


def reset():
    global _truncated
    _pngs.clear()
    _truncated = False


def add(render, size_inches, dpi):
    """render(dpi) -> PNG bytes. Lowers the DPI so the longest side fits MAX_IMAGE_PIXELS, then
    (twice at most) again until the PNG fits MAX_IMAGE_BYTES; drops the figure otherwise."""
    global _truncated
    if len(_pngs) >= MAX_IMAGES:
        _truncated = True
        return
    longest = max(float(size_inches[0]), float(size_inches[1]), 0.01)
    dpi = min(float(dpi), MAX_IMAGE_PIXELS / longest)
    used = sum(len(png) for png in _pngs)
    for _ in range(3):
        png = render(dpi)
        if len(png) <= MAX_IMAGE_BYTES and used + len(png) <= MAX_IMAGES_TOTAL_BYTES:
            _pngs.append(png)
            return
        dpi *= 0.6
    _truncated = True


def write(region):
    """The child's last act: the PNGs collected, into the shared region."""
    data = bytearray(HEADER.pack(len(_pngs), int(_truncated), 0))
    for png in _pngs:
        data += ENTRY.pack(len(png)) + png
    region.seek(0)
    region.write(bytes(data[: len(region)]))


# --- runner side ------------------------------------------------------------------------------

def clear(region):
    region.seek(0)
    region.write(HEADER.pack(0, 0, 0))


def read(region):
    """(images, truncated) from what the child left, keeping only well-formed PNGs within the caps.
    images: [{name, mime, width, height, png}]"""
    region.seek(0)
    count, truncated, _ = HEADER.unpack(region.read(HEADER.size))
    truncated = bool(truncated) or count > MAX_IMAGES
    images, total, offset = [], 0, HEADER.size
    for index in range(min(count, MAX_IMAGES)):
        if offset + ENTRY.size > len(region):
            return images, True
        (size,) = ENTRY.unpack(region[offset: offset + ENTRY.size])
        offset += ENTRY.size
        if size > MAX_IMAGE_BYTES or total + size > MAX_IMAGES_TOTAL_BYTES or offset + size > len(region):
            return images, True
        png = bytes(region[offset: offset + size])
        offset += size
        dimensions = png_size(png)
        if dimensions is None:
            truncated = True
            continue
        total += size
        images.append({"name": f"figure-{index + 1}.png", "mime": "image/png",
                       "width": dimensions[0], "height": dimensions[1], "png": png})
    return images, truncated


def png_size(png):
    """(width, height) from a PNG's IHDR, or None if it is not a PNG of a sane size."""
    if len(png) < 33 or not png.startswith(PNG_SIGNATURE) or png[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", png[16:24])
    if not (0 < width <= MAX_IMAGE_PIXELS and 0 < height <= MAX_IMAGE_PIXELS):
        return None
    return width, height


def attach(result, images, truncated):
    """Add images to a Result dict, as base64, within the total cap."""
    room = (MAX_IMAGES_TOTAL_BYTES * 4 + 2) // 3
    kept = []
    for image in images:
        encoded = base64.b64encode(image["png"]).decode("ascii")
        if len(encoded) > room:
            truncated = True
            break
        room -= len(encoded)
        kept.append({key: value for key, value in image.items() if key != "png"} | {"base64": encoded})
    if kept:
        result["images"] = kept
    if truncated:
        result["truncated"]["images"] = True
    return result
