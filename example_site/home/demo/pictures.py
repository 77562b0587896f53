"""Header pictures for the demo city, drawn with Pillow so the demo needs no downloads."""

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw


def skyline(name: str, sky: tuple, ground: tuple, accent: tuple, width: int = 1600, height: int = 600) -> ImageFile:
    """A simple city skyline over a gradient sky: recognisable, light, and different per project."""
    image = PILImage.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / height
        colour = tuple(int(sky[i] * (1 - mix) + 255 * mix * 0.35) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    draw.ellipse([width * 0.75, 60, width * 0.75 + 140, 200], fill=accent)
    x = 0
    heights = [260, 340, 220, 400, 300, 250, 360, 280, 320, 240, 380, 290]
    index = 0
    while x < width:
        w = 90 + (index * 37) % 70
        h = heights[index % len(heights)]
        draw.rectangle([x, height - h, x + w, height], fill=ground)
        for wy in range(height - h + 25, height - 30, 45):
            for wx in range(x + 15, x + w - 20, 30):
                draw.rectangle([wx, wy, wx + 12, wy + 20], fill=accent if (wx + wy) % 3 else sky)
        x += w + 6
        index += 1
    for tx in range(40, width, 170):
        draw.ellipse([tx, height - 120, tx + 90, height - 30], fill=(46, 125, 50))
        draw.rectangle([tx + 40, height - 40, tx + 50, height], fill=(93, 64, 55))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return ImageFile(buffer, name=f"{name}.jpg")
