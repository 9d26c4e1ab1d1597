"""A small renderer of `model_to_dot` graphs to PNG/JPEG with Pillow: what
`keras.utils.plot_model` draws when Graphviz's `dot` program is not installed.

It reads the pydot graph that `model_to_dot` built: each node's HTML-like label
becomes a box of text lines (one line per table row), each edge an arrow, each
cluster (an expanded nested model) a dashed frame with its name. The layout is
layered, like Graphviz's `dot`: a node's rank is the longest path that reaches it,
ranks go top to bottom (`rankdir="TB"`) or left to right (`"LR"`, and the reversed
`"BT"`, `"RL"`), and nodes within a rank keep the graph's order.
"""

import dataclasses
import html
import re

_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
_TAG = re.compile(r"<[^>]+>")
_BUILTIN_NODES = ("node", "edge", "graph")


@dataclasses.dataclass
class _Box:
    lines: list
    clusters: tuple  # names of the clusters holding the node, outermost first
    width: int = 0
    height: int = 0
    x: int = 0  # top-left corner, once laid out
    y: int = 0


def label_lines(label):
    """The text of a node's HTML-like table label: one line per row, cells joined."""
    label = label or ""
    rows = _ROW.findall(label)
    if not rows:
        return [html.unescape(_TAG.sub("", label)).strip("<>\" ") or "?"]
    lines = []
    for row in rows:
        cells = [html.unescape(_TAG.sub("", cell)).strip() for cell in _CELL.findall(row)]
        lines.append(" | ".join(cell for cell in cells if cell))
    return lines


def _collect(graph, boxes, edges, clusters=()):
    for node in graph.get_nodes():
        name = node.get_name().strip('"')
        if name not in _BUILTIN_NODES:
            boxes[name] = _Box(label_lines(node.get("label")), clusters)
    for edge in graph.get_edges():
        source, target = str(edge.get_source()), str(edge.get_destination())
        edges.append((source.strip('"'), target.strip('"')))
    for subgraph in graph.get_subgraphs():
        name = (subgraph.get("label") or subgraph.get_name()).strip('"')
        _collect(subgraph, boxes, edges, clusters + (name,))


def _ranks(boxes, edges):
    """Longest-path layering: each node one rank after its latest predecessor."""
    rank = {name: 0 for name in boxes}
    edges = [(a, b) for a, b in edges if a in boxes and b in boxes]
    for _ in range(len(boxes)):
        changed = False
        for source, target in edges:
            if rank[target] < rank[source] + 1:
                rank[target] = rank[source] + 1
                changed = True
        if not changed:
            break
    layers = {}
    for name in boxes:  # graph order within a rank
        layers.setdefault(rank[name], []).append(name)
    return [layers[index] for index in sorted(layers)]


def _font(size):
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1: one bitmap font size
        return ImageFont.load_default()


def _layout(boxes, layers, font, padding, gap, vertical):
    from PIL import Image
    from PIL import ImageDraw

    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    line_height = measure.textbbox((0, 0), "Ag", font=font)[3] + padding // 2
    for box in boxes.values():
        widths = [measure.textbbox((0, 0), line, font=font)[2] for line in box.lines]
        box.width = max(widths) + 2 * padding
        box.height = line_height * len(box.lines) + 2 * padding
    # Along the rank axis: each rank as thick as its largest node.
    thickness = [
        max(boxes[n].height if vertical else boxes[n].width for n in layer)
        for layer in layers
    ]
    across = _across_positions(boxes, layers, gap, vertical)
    widest = max(across.values()) if across else 0
    position = gap
    for layer, thick in zip(layers, thickness):
        for name in layer:
            box = boxes[name]
            if vertical:
                box.x = across[name] - box.width
                box.y = position + (thick - box.height) // 2
            else:
                box.x = position + (thick - box.width) // 2
                box.y = across[name] - box.height
        position += thick + 2 * gap
    size = (widest + gap, position - gap) if vertical else (position - gap, widest + gap)
    return size, line_height


def _across_positions(boxes, layers, gap, vertical):
    """Where each node ends across the ranks (its right edge for TB, bottom for LR).

    Without clusters each rank is centered. With clusters, the nodes outside them come
    first, then each top-level cluster in a band of its own, to the right of (or
    below) everything in the ranks it spans, so that its frame holds only its nodes.
    """

    def size(name):
        return boxes[name].width if vertical else boxes[name].height

    ends = {}
    if not any(box.clusters for box in boxes.values()):
        totals = [sum(size(n) for n in layer) + gap * (len(layer) - 1) for layer in layers]
        widest = max(totals)
        for layer, total in zip(layers, totals):
            offset = gap + (widest - total) // 2
            for name in layer:
                offset += size(name)
                ends[name] = offset
                offset += gap
        return ends
    rank_of = {name: index for index, layer in enumerate(layers) for name in layer}
    offsets = [gap] * len(layers)
    groups = {}
    for layer in layers:
        for name in layer:
            groups.setdefault(boxes[name].clusters[:1], []).append(name)
    for key, members in groups.items():
        ranks = {rank_of[name] for name in members}
        start = max(offsets[r] for r in ranks) + (gap if key else 0)
        for r in ranks:
            offsets[r] = start
        for name in members:
            r = rank_of[name]
            offsets[r] += size(name)
            ends[name] = offsets[r]
            offsets[r] += gap
        if key:
            for r in ranks:
                offsets[r] = max(offsets[r], max(offsets[q] for q in ranks)) + gap
    return ends


def _dashed_rectangle(draw, box, color, width, dash):
    left, top, right, bottom = box
    for start in range(left, right, 2 * dash):
        end = min(start + dash, right)
        draw.line([(start, top), (end, top)], fill=color, width=width)
        draw.line([(start, bottom), (end, bottom)], fill=color, width=width)
    for start in range(top, bottom, 2 * dash):
        end = min(start + dash, bottom)
        draw.line([(left, start), (left, end)], fill=color, width=width)
        draw.line([(right, start), (right, end)], fill=color, width=width)


def _arrow(draw, start, end, width, head):
    draw.line([start, end], fill="black", width=width)
    (x0, y0), (x1, y1) = start, end
    length = max(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5, 1e-6)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    left = (x1 - head * ux + head * 0.5 * uy, y1 - head * uy - head * 0.5 * ux)
    right = (x1 - head * ux - head * 0.5 * uy, y1 - head * uy + head * 0.5 * ux)
    draw.polygon([end, left, right], fill="black")


def render(dot, path, image_format="png", rankdir="TB", dpi=200):
    """Draws the pydot graph `dot` (from `model_to_dot`) into an image file.

    Args:
        dot: a `pydot.Dot` built by `model_to_dot`.
        path: the file to write.
        image_format: `"png"`, `"jpg"` or `"jpeg"`.
        rankdir: `"TB"`, `"BT"`, `"LR"` or `"RL"`, as in Graphviz.
        dpi: the resolution; text is 10 points high at that resolution.
    """
    from PIL import Image
    from PIL import ImageDraw

    boxes, edges = {}, []
    _collect(dot, boxes, edges)
    if not boxes:
        boxes["empty"] = _Box(["(empty model)"], ())
    scale = max(dpi, 30) / 72.0
    font = _font(max(8, int(round(10 * scale))))
    padding, gap, line = int(6 * scale), int(18 * scale), max(1, int(round(scale)))
    vertical = rankdir in ("TB", "BT")
    layers = _ranks(boxes, edges)
    if rankdir in ("BT", "RL"):
        layers = layers[::-1]
    (width, height), line_height = _layout(boxes, layers, font, padding, gap, vertical)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    # Clusters first (deepest last), each framing the boxes it holds.
    depth = {}
    for box in boxes.values():
        for level in range(len(box.clusters)):
            depth[box.clusters[: level + 1]] = level
    for key in sorted(depth, key=len):
        held = [b for b in boxes.values() if b.clusters[: len(key)] == key]
        margin = gap // 2 - line * 2 * (len(key) - 1)
        frame = (
            max(min(b.x for b in held) - margin, 0),
            max(min(b.y for b in held) - margin, 0),
            min(max(b.x + b.width for b in held) + margin, width - 1),
            min(max(b.y + b.height for b in held) + margin, height - 1),
        )
        _dashed_rectangle(draw, frame, "gray", line, int(4 * scale))
        draw.text((frame[0] + line * 2, frame[1] + line), key[-1], fill="gray", font=font)
    for source, target in edges:
        if source not in boxes or target not in boxes:
            continue
        a, b = boxes[source], boxes[target]
        if vertical:
            down = rankdir == "TB"
            start = (a.x + a.width // 2, a.y + (a.height if down else 0))
            end = (b.x + b.width // 2, b.y + (0 if down else b.height))
        else:
            right = rankdir == "LR"
            start = (a.x + (a.width if right else 0), a.y + a.height // 2)
            end = (b.x + (0 if right else b.width), b.y + b.height // 2)
        _arrow(draw, start, end, line * 2, int(6 * scale))
    for box in boxes.values():
        title_bottom = box.y + padding + line_height
        draw.rectangle([box.x, box.y, box.x + box.width, title_bottom], fill="black")
        draw.rectangle(
            [box.x, box.y, box.x + box.width, box.y + box.height],
            outline="black",
            width=line,
        )
        top = box.y + padding // 2
        for index, text in enumerate(box.lines):
            color = "white" if index == 0 else "black"
            draw.text(
                (box.x + padding, top + index * line_height + (padding if index else 0)),
                text,
                fill=color,
                font=font,
            )
    save_format = "JPEG" if image_format in ("jpg", "jpeg") else "PNG"
    image.save(path, format=save_format, dpi=(dpi, dpi))
