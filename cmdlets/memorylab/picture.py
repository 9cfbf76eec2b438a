"""Show-VMHostMemoryMap: host physical memory as a block map, by owner and KeyID.

Each cell stands for an equal slice of DRAM and shows who holds most of it: the root
partition (host OS, hypervisor and SLAT tables), a running VM, or nobody. A VM drawn in
upper case has its own KeyID (its DRAM is ciphertext); lower case means its lines reach
DRAM under KeyID 0. With `-OutFile` the same map is drawn as an SVG or PNG image through
matplotlib (the optional `plot` extra), imported only then.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Annotated, Any, Optional

from attrs import frozen

from pyshell.runtime import Example, Parameter, ValidateRange, cmdlet
from pyshell.runtime.errors import ErrorCategory

from .base import LabCmdlet

__all__ = ["ShowVMHostMemoryMapCommand", "MapOwner", "PlotLibraryMissing", "memory_map_cells",
           "render_map_text", "legend_text"]

ROOT_MARK = "#"
FREE_MARK = "."
# Console colours per owner, cycled; the root partition is grey.
_ANSI = ("32", "36", "35", "33", "34", "31", "92", "96", "95", "93", "94", "91")


class PlotLibraryMissing(RuntimeError):
    """The optional plotting library is not installed."""


@frozen
class MapOwner:
    mark: str
    label: str
    key_id: Optional[int]
    encrypted: bool
    size: int


def _owners(host: Any) -> list[tuple[MapOwner, tuple[tuple[int, int], ...]]]:
    """Who holds host memory, from the engine's physical map: the root reserve, then each
    running VM (a letter a VM, in name order), with the extents of its frames."""
    regions = host.physical_map()
    root = tuple((r.start, r.length) for r in regions if r.kind == "Root")
    owners = [(MapOwner(ROOT_MARK, "root partition and hypervisor", 0, False,
                        sum(n for _, n in root)), root)]
    by_vm: dict[str, list[Any]] = {}
    for r in regions:
        if r.kind == "VirtualMachine":
            by_vm.setdefault(r.vm_name or "", []).append(r)
    letters = iter(string.ascii_uppercase)
    for name in sorted(by_vm, key=str.casefold):
        runs = by_vm[name]
        letter = next(letters, "?")
        key_id = runs[0].key_id
        encrypted = key_id is not None
        owners.append((MapOwner(letter if encrypted else letter.lower(), name,
                                key_id if encrypted else 0, encrypted,
                                sum(r.length for r in runs)),
                       tuple((r.start, r.length) for r in runs)))
    return owners


def memory_map_cells(host: Any, cells: int) -> tuple[list[str], list[MapOwner], int]:
    """The mark of each cell, the owners shown, and the bytes per cell."""
    capacity = int(host.memory_capacity)
    per_cell = max(1, -(-capacity // cells))
    weights: list[dict[str, int]] = [{} for _ in range(cells)]
    owners = _owners(host)
    for owner, extents in owners:
        for start, length in extents:
            pos, end = start, start + length
            while pos < end:
                cell = pos // per_cell
                if cell >= cells:
                    break
                take = min(end, (cell + 1) * per_cell) - pos
                weights[cell][owner.mark] = weights[cell].get(owner.mark, 0) + take
                pos += take
    marks = [max(w, key=lambda m: w[m]) if w else FREE_MARK for w in weights]
    return marks, [o for o, _ in owners], per_cell


def _size(n: int) -> str:
    for unit, name in ((1 << 40, "TB"), (1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")):
        if n >= unit and n % unit == 0:
            return f"{n // unit} {name}"
    return f"{n} B"


def render_map_text(marks: list[str], owners: list[MapOwner], per_cell: int, columns: int,
                    color: bool) -> list[str]:
    colours = {o.mark: ("90" if o.mark == ROOT_MARK else _ANSI[i % len(_ANSI)])
               for i, o in enumerate(owners)}

    def paint(mark: str) -> str:
        if not color or mark == FREE_MARK:
            return mark
        return f"\x1b[{colours[mark]}m{mark}\x1b[0m"

    lines = [f"Host physical memory: {_size(len(marks) * per_cell)} in {len(marks)} cells "
             f"of {_size(per_cell)}; each cell shows who holds most of it", ""]
    for row in range(0, len(marks), columns):
        cells = "".join(paint(m) for m in marks[row:row + columns])
        lines.append(f"0x{row * per_cell:011X} {cells}")
    lines += ["", "Legend:"]
    lines += [f"  {paint(o.mark)}  {legend_text(o)}" for o in owners]
    lines.append(f"  {FREE_MARK}  free")
    return lines


def legend_text(o: MapOwner) -> str:
    if o.mark == ROOT_MARK:
        what = "KeyID 0"
    elif o.encrypted:
        what = f"KeyID {o.key_id}, encrypted with its own key"
    else:
        what = "KeyID 0, no key of its own"
    return f"{o.label} ({_size(o.size)}; {what})"


def _write_image(path: Path, marks: list[str], owners: list[MapOwner], per_cell: int,
                 columns: int) -> None:
    try:
        # The object API only: no pyplot, so no global backend or figure state is touched.
        from matplotlib import colormaps
        from matplotlib.colors import ListedColormap
        from matplotlib.figure import Figure
        from matplotlib.patches import Patch
    except ImportError as error:
        raise PlotLibraryMissing(
            "Writing the map as an image needs matplotlib, which is not installed. Install "
            "it with: pip install 'pyshell[plot]' (or pip install matplotlib).") from error
    order = [FREE_MARK] + [o.mark for o in owners]
    index = {m: i for i, m in enumerate(order)}
    rows = -(-len(marks) // columns)
    grid = [[0] * columns for _ in range(rows)]
    for i, m in enumerate(marks):
        grid[i // columns][i % columns] = index[m]
    tab10 = colormaps["tab10"]
    palette = ["#f0f0f0", "#7f7f7f"] + [tab10(i % 10) for i in range(len(owners) - 1)]
    fig = Figure(figsize=(max(6.0, columns / 6), rows / 6 + 2.0))
    ax = fig.subplots()
    ax.imshow(grid, cmap=ListedColormap(palette), vmin=0, vmax=len(order) - 1,
              aspect="equal", interpolation="nearest")
    ax.set_axis_off()
    ax.set_title(f"Host physical memory: {_size(len(marks) * per_cell)}, "
                 f"{_size(per_cell)} a cell", fontsize="medium")
    handles = [Patch(color=palette[index[o.mark]], label=legend_text(o)) for o in owners]
    handles.append(Patch(color=palette[0], label="free"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2,
              fontsize="small", frameon=False)
    # No creation date in the SVG: the same host gives the same file.
    metadata = {"Date": None} if path.suffix.lower() == ".svg" else None
    fig.savefig(path, bbox_inches="tight", metadata=metadata)


@cmdlet("Show", "VMHostMemoryMap", dotnet_class="PyShell.MemoryLab.Commands.ShowVMHostMemoryMap")
class ShowVMHostMemoryMapCommand(LabCmdlet):
    """Draws host physical memory as a block map coloured by owner and KeyID, with a legend.

    Each cell is an equal slice of DRAM marked with whoever holds most of it: # for the root
    partition (host OS, hypervisor, SLAT tables), a letter per running VM (upper case: the
    VM has its own KeyID and its DRAM is ciphertext; lower case: its lines go through
    KeyID 0), . for free memory. The console shows colours when the host has them.
    -OutFile writes the same map as an .svg or .png image through matplotlib (the optional
    'plot' extra: pip install 'pyshell[plot]'). -Cells sets how many cells the map has.
    """

    out_file: Annotated[Optional[str], Parameter(position=0)] = None
    cells: Annotated[int, Parameter(), ValidateRange(16, 65536)] = 512

    examples = (Example("Show-VMHostMemoryMap",
                        "The host's memory, who holds it, under which KeyID."),
                Example("Show-VMHostMemoryMap -Cells 128", "A coarser map: 128 cells."))

    def process_record(self) -> None:
        columns = 64
        marks, owners, per_cell = memory_map_cells(self.hyperv, self.cells)
        if self.out_file:
            path = Path(self.session.resolve_path(self.out_file))
            if path.suffix.lower() not in (".svg", ".png"):
                raise self.terminating_error(self.lab_error(
                    f"Cannot write '{self.out_file}': the map is drawn as .svg or .png.",
                    "UnsupportedImageFormat", ErrorCategory.InvalidArgument, self.out_file))
            try:
                _write_image(path, marks, owners, per_cell, columns)
            except PlotLibraryMissing as error:
                raise self.terminating_error(self.lab_error(
                    str(error), "PlotLibraryMissing", ErrorCategory.NotInstalled,
                    self.out_file)) from None
            except OSError as error:
                raise self.terminating_error(self.lab_error(
                    f"Cannot write '{self.out_file}': {error.strerror or error}.",
                    "ImageNotWritten", ErrorCategory.WriteError, self.out_file)) from None
            return
        color = bool(getattr(self.host, "color", False))
        for line in render_map_text(marks, owners, per_cell, columns, color):
            self.write_host(line)
