"""What a learner sees: the memory block's hex dump (Format-Hex's layout, real addresses as
offsets), Format-Hex of a block, the KeyID and hardware views, and the memory-map picture."""

from __future__ import annotations

import re
import sys

import pytest

RULER = " " * 17 + "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F"


@pytest.fixture
def vm(lab):
    lab.start("g", encrypted=False)
    lab("Write-VMGuestMemory -VMName g -Address 0x10000 -Value 'Mountains are merely mountains'")
    return lab


def _lines(text):
    return [line.rstrip() for line in text.splitlines()]


def test_a_block_is_a_hex_dump_in_format_hex_layout_with_addresses_as_offsets(vm):
    lines = _lines(vm.text("Read-VMGuestMemory -VMName g -Address 0x10000 -Count 30"))
    assert lines[:7] == [
        "",
        "   Label: Guest g 0x10000 (30 bytes)",
        "",
        "          Offset Bytes                                           Ascii",
        RULER,
        "          ------ ----------------------------------------------- -----",
        "0000000000010000 4D 6F 75 6E 74 61 69 6E 73 20 61 72 65 20 6D 65 Mountains are me",
    ]
    assert lines[7] == "0000000000010010 72 65 6C 79 20 6D 6F 75 6E 74 61 69 6E 73       rely mountains"


def test_an_unaligned_block_keeps_the_ruler_true(vm):
    # Column 0A of the row at 0x10000 is the byte at 0x1000A, as the ruler says, and its
    # character sits at the same place of the Ascii column.
    lines = _lines(vm.text("Read-VMGuestMemory -VMName g -Address 0x1000A -Count 4"))
    row = next(line for line in lines if line.startswith("0000000000010000"))
    assert row == "0000000000010000" + " " * 31 + "61 72 65 20" + " " * 17 + "are"


def test_format_hex_takes_a_block_and_shows_its_addresses(vm):
    text = vm.text("Read-VMGuestMemory -VMName g -Address 0x10000 -Count 16 | Format-Hex")
    assert re.search(r"Label: MemoryBlock \(PyShell\.MemoryLab\.MemoryBlock\) <[0-9A-F]{8}>", text)
    assert "0000000000010000 4D 6F 75 6E 74 61 69 6E 73 20 61 72 65 20 6D 65 Mountains are me" in text


def test_a_blocks_bytes_are_a_byte_array(vm):
    assert vm("(Read-VMGuestMemory -VMName g -Address 0x10000 -Count 4).Bytes.GetType().FullName") == [
        "System.Byte[]"]
    vm("$b = Read-VMGuestMemory -VMName g -Address 0x10000 -Count 9")
    vm("Write-VMGuestMemory -VMName g -Address 0x20000 -Bytes $b.Bytes")
    assert vm.one("(Read-VMGuestMemory -VMName g -Address 0x20000 -Count 9).Text") == "Mountains"
    assert "Bytes   : {77, 111, 117, 110" in vm.text("$b | Format-List")


def test_non_printable_bytes_show_as_dots(vm):
    vm("Write-VMGuestMemory -VMName g -Address 0x30000 -Bytes 0,9,65,255")
    assert vm.one("(Read-VMGuestMemory -VMName g -Address 0x30000 -Count 4).Text") == "..A."


def test_key_ids_as_a_table_without_key_bytes(vm):
    text = vm.text("Get-VMHostKeyId -KeyId 0, 1")
    assert _lines(text)[1:5] == ["KeyId State  Algorithm   VMName", "----- -----  ---------   ------",
                                 "    0 Bypass AES-XTS-256", "    1 Unused"]
    fields = vm.text("Get-VMHostKeyId | Format-List *")
    assert "Key " not in fields and "key_bytes" not in fields.lower()


def test_hardware_list_shows_msrs_in_hex_and_the_vm_key_algorithm(lab):
    text = lab.text("Get-VMHostHardware")
    assert "Ia32TmeCapability      : 0x" in text and "Ia32TmeActivate        : 0x" in text
    assert "KeyAlgorithm           : AES-XTS-256" in text
    hardware = lab.one("Get-VMHostHardware")
    # 982H decodes to the other fields: enabled (bit 1), bypass (bit 31), KeyID bits (35:32).
    activate = int(hardware.ia32_tme_activate, 16)
    assert bool(activate & 2) == hardware.tme_enabled
    assert bool(activate >> 31 & 1) == hardware.tme_bypass
    assert (activate >> 32) & 0xF == hardware.key_id_bits
    capability = int(hardware.ia32_tme_capability, 16)
    assert (capability >> 36) & 0x7FFF == hardware.max_key_ids


def test_the_memory_map_is_plain_text_without_colour(lab):
    lab.start("clear", encrypted=False)
    lab.start("secret", encrypted=True)
    text = lab.text("Show-VMHostMemoryMap -Cells 64")
    assert "\x1b[" not in text
    rows = [line for line in text.splitlines() if line.startswith("0x")]
    cells = "".join(row.split(" ", 1)[1] for row in rows)
    assert len(cells) == 64
    # 64 GB in 64 cells: 2 GB root reserve, then 1 GB per VM, the rest free.
    assert cells == "##" + "a" + "B" + "." * 60
    assert "  a  clear (1 GB; KeyID 0, no key of its own)" in text
    assert "  B  secret (1 GB; KeyID 1, encrypted with its own key)" in text


def test_the_memory_map_as_svg(lab, tmp_path):
    pytest.importorskip("matplotlib")
    lab.start("secret", encrypted=True)
    lab(f"Set-Location '{tmp_path}'")
    assert lab("Show-VMHostMemoryMap -OutFile map.svg") == []
    svg = (tmp_path / "map.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "secret (1 GB; KeyID 1, encrypted with its own key)" in svg


def test_a_missing_plotting_library_is_an_error_record(lab, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    ids = lab.errors(f"Show-VMHostMemoryMap -OutFile '{tmp_path / 'map.png'}'")
    assert ids == ["PlotLibraryMissing,PyShell.MemoryLab.Commands.ShowVMHostMemoryMap"]
    assert "pip install" in lab.text(f"Show-VMHostMemoryMap -OutFile '{tmp_path / 'map.png'}'")
    assert not (tmp_path / "map.png").exists()


def test_the_memory_map_is_coloured_when_the_host_has_colour(lab):
    from cmdlets.memorylab.picture import memory_map_cells, render_map_text

    lab.start("secret", encrypted=True)
    marks, owners, per_cell = memory_map_cells(lab.engine, 64)
    plain = render_map_text(marks, owners, per_cell, 64, color=False)
    coloured = render_map_text(marks, owners, per_cell, 64, color=True)
    assert "\x1b[" in "".join(coloured) and "\x1b[" not in "".join(plain)
    strip = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in coloured]
    assert strip == plain
