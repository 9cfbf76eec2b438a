"""The lab's stories must be true, not merely printed: these tests look at the engine's DRAM,
the bus and the cmdlets' records, never at formatted text.

- an encrypted VM's secret never appears in any raw read, bus trace or cold-boot dump;
- an unencrypted VM's secret does appear when KeyID 0 is in bypass, and does not when the
  platform key encrypts it; after power loss that key is gone;
- a replayed bus line is accepted silently under AES-XTS and detected under integrity;
- after a cold boot nothing of an encrypted VM decrypts under any KeyID.
"""

from __future__ import annotations

import pytest

from engine import BOOT_SIGNATURE
from engine import lab as engine_lab

from .conftest import SECRET

def _anywhere_in_dram(lab, needle: bytes) -> list[int]:
    """Every host address where raw DRAM holds `needle` (resident pages only: the rest is
    the zero fill, which holds no secret)."""
    host = lab.engine
    return [address for _, address in engine_lab.scan(host, [(0, host.memory_capacity)], [needle])]


def _frames_of(lab, name):
    return lab.engine.get_by_name(name).runtime.extents


def _inside(address, extents):
    return any(start <= address < start + length for start, length in extents)


@pytest.fixture
def two_vms(lab):
    lab.start("clear", encrypted=False)
    lab.start("secret", encrypted=True)
    for name in ("clear", "secret"):
        lab(f"Write-VMGuestMemory -VMName {name} -Address 0x10000 -Value '{SECRET}'")
    return lab


def test_both_guests_read_their_own_plaintext(two_vms):
    for name in ("clear", "secret"):
        block = two_vms.one(f"Read-VMGuestMemory -VMName {name} -Address 0x10000 -Count 24")
        assert block.text == SECRET
        assert block.raw == SECRET.encode()
        assert block.address == 0x10000 and block.count == 24


def test_the_secret_is_in_dram_only_where_the_unencrypted_vm_keeps_it(two_vms):
    hits = _anywhere_in_dram(two_vms, SECRET.encode())
    assert hits == [two_vms.host_address("clear", 0x10000)]
    assert all(not _inside(a, _frames_of(two_vms, "secret")) for a in hits)
    # ...and the raw read behind the encrypted guest's address is ciphertext.
    raw = two_vms.one("Read-PhysicalMemory -VMName secret -GuestAddress 0x10000 -Count 24")
    assert raw.source == "DRAM" and raw.raw != SECRET.encode()
    assert raw.address == two_vms.host_address("secret", 0x10000)
    plain = two_vms.one("Read-PhysicalMemory -VMName clear -GuestAddress 0x10000 -Count 24")
    assert plain.text == SECRET


def test_no_16_byte_block_of_the_secret_reaches_dram_from_the_encrypted_vm(two_vms):
    # AES-XTS works on 16-byte blocks: not even one block of plaintext may be stored.
    data = SECRET.encode()
    for i in range(0, len(data) - 15):
        block = data[i:i + 16]
        assert all(not _inside(a, _frames_of(two_vms, "secret"))
                   for a in _anywhere_in_dram(two_vms, block))


def test_the_hypervisor_alias_reads_plaintext_through_the_vms_keyid(two_vms):
    # TME-MK does not protect a VM from its host: the VM's own KeyID decrypts.
    slot = two_vms.one("Get-VMHostKeyId -VMName secret")
    block = two_vms.one(f"Read-PhysicalMemory -VMName secret -GuestAddress 0x10000 -Count 24 "
                        f"-KeyId {slot.key_id}")
    assert block.text == SECRET
    # A DMA device tagged with KeyID 0 gets the ciphertext through the bypass: no plaintext.
    dma = two_vms.one("Read-PhysicalMemory -VMName secret -GuestAddress 0x10000 -Count 24 -KeyId 0")
    assert dma.raw != SECRET.encode()
    # Another VM's KeyID decrypts with the wrong key: garbage, not the secret.
    two_vms.start("other", encrypted=True)
    other = two_vms.one("Get-VMHostKeyId -VMName other").key_id
    wrong = two_vms.one(f"Read-PhysicalMemory -VMName secret -GuestAddress 0x10000 -Count 24 "
                        f"-KeyId {other}")
    assert wrong.raw not in (SECRET.encode(), dma.raw)


def test_bus_trace_shows_ciphertext_of_the_encrypted_vm_only(two_vms):
    two_vms("Start-MemoryBusTrace")
    two_vms(f"Write-VMGuestMemory -VMName secret -Address 0x20000 -Value '{SECRET}'")
    two_vms(f"Write-VMGuestMemory -VMName clear -Address 0x20000 -Value '{SECRET}'")
    two_vms("Read-VMGuestMemory -VMName secret -Address 0x10000 -Count 24")
    trace = two_vms("Stop-MemoryBusTrace")
    # A partial-line write is a Read and a Write of the line; a read is one Read.
    assert [(t.vm_name, t.operation.name) for t in trace] == [
        ("secret", "Read"), ("secret", "Write"), ("clear", "Read"), ("clear", "Write"),
        ("secret", "Read")]
    assert all(len(t.data) == 64 for t in trace)
    leaking = [t for t in trace if SECRET.encode() in bytes(t.data)]
    assert [(t.vm_name, t.operation.name) for t in leaking] == [("clear", "Write")]
    # The interposer sees DRAM addresses (no KeyID bits), the same ones a raw read uses.
    assert trace[1].address == two_vms.host_address("secret", 0x20000)


def test_a_trace_can_be_limited_to_one_vm(two_vms):
    two_vms("Start-MemoryBusTrace -VMName clear")
    two_vms("Write-VMGuestMemory -VMName secret -Address 0x20000 -Value 'a'")
    two_vms("Write-VMGuestMemory -VMName clear -Address 0x20000 -Value 'b'")
    trace = two_vms("Stop-MemoryBusTrace")
    assert {t.vm_name for t in trace} == {"clear"}


def test_cold_boot_finds_only_the_plaintext_vm_and_leaves_the_host_off(two_vms):
    findings = {f.vm_name: f for f in two_vms("Invoke-ColdBootAttack -Pattern '4111-1111'")}
    assert set(findings) == {"clear", "secret"}
    assert findings["clear"].pattern_found and not findings["clear"].memory_encrypted
    assert not findings["secret"].pattern_found and findings["secret"].memory_encrypted
    assert findings["secret"].bytes_scanned == 1 << 30
    states = {vm.name: vm.state.name for vm in two_vms("Get-VM")}
    assert states == {"clear": "Off", "secret": "Off"}
    assert {slot.state.name for slot in two_vms("Get-VMHostKeyId")} <= {"Unused", "Bypass"}


def test_the_cold_boot_dump_holds_the_secret_only_in_the_unencrypted_vms_frames(two_vms):
    clear_frames, secret_frames = _frames_of(two_vms, "clear"), _frames_of(two_vms, "secret")
    two_vms("Invoke-ColdBootAttack")
    hits = _anywhere_in_dram(two_vms, SECRET.encode())
    assert hits and all(_inside(a, clear_frames) and not _inside(a, secret_frames) for a in hits)


def test_without_patterns_the_boot_image_betrays_only_the_unencrypted_vm(two_vms):
    findings = {f.vm_name: f.pattern_found for f in two_vms("Invoke-ColdBootAttack")}
    assert findings == {"clear": True, "secret": False}


def test_after_a_cold_boot_nothing_of_the_encrypted_vm_decrypts_under_any_keyid(two_vms):
    host = two_vms.engine
    boot_page = host.read_guest(host.get_by_name("secret"), 0x1000, 4096)
    assert BOOT_SIGNATURE in boot_page
    page = two_vms.host_address("secret", 0x1000)
    secret_at = two_vms.host_address("secret", 0x10000)
    two_vms("Invoke-ColdBootAttack")
    for key_id in range(host.hardware().max_key_ids + 1):
        seen = host.read_physical(page, 4096, key_id)
        assert seen != boot_page and BOOT_SIGNATURE not in seen
        assert host.read_physical(secret_at, 24, key_id) != SECRET.encode()
    # The same through the cmdlets, as a learner would try it.
    for key_id in (0, 1, 15):
        block = two_vms.one(f"Read-PhysicalMemory -Address {secret_at} -Count 24 -KeyId {key_id}")
        assert block.raw != SECRET.encode()


def test_platform_key_hides_unencrypted_vms_until_bypass(lab):
    lab("Set-VMHostHardware -TmeBypass $false")
    assert lab.one("(Get-VMHostKeyId -KeyId 0).State").name == "Platform"
    lab.start("clear", encrypted=False)
    lab(f"Write-VMGuestMemory -VMName clear -Address 0x10000 -Value '{SECRET}'")
    assert _anywhere_in_dram(lab, SECRET.encode()) == []
    assert lab.one("Test-VMMemoryEncryption -VMName clear").canary_visible_in_dram is False
    # KeyID 0 through the controller (a DMA device) still decrypts with the platform key...
    dma = lab.one("Read-PhysicalMemory -VMName clear -GuestAddress 0x10000 -Count 24 -KeyId 0")
    assert dma.text == SECRET
    address = lab.host_address("clear", 0x10000)
    # ...until the power goes: the platform key dies with it.
    findings = lab("Invoke-ColdBootAttack -Pattern '4111-1111'")
    assert [f.pattern_found for f in findings] == [False]
    assert lab.engine.read_physical(address, 24, 0) != SECRET.encode()
    assert lab.one(f"Read-PhysicalMemory -Address {address} -Count 24 -KeyId 0").raw != SECRET.encode()


def test_with_bypass_the_unencrypted_vm_is_plaintext_in_dram(lab):
    assert lab.one("(Get-VMHostKeyId -KeyId 0).State").name == "Bypass"
    lab.start("clear", encrypted=False)
    lab(f"Write-VMGuestMemory -VMName clear -Address 0x10000 -Value '{SECRET}'")
    assert _anywhere_in_dram(lab, SECRET.encode()) == [lab.host_address("clear", 0x10000)]
    assert lab.one("Test-VMMemoryEncryption -VMName clear").canary_visible_in_dram is True


def _replay_balance(lab, name, extra=""):
    """The guest stores 100, the interposer records the line, the guest stores 000, and the
    interposer writes the recorded line back. Returns the read's output and error ids."""
    lab(f"Write-VMGuestMemory -VMName {name} -Address 0x30000 -Value 'balance=100'")
    lab(f"Start-MemoryBusTrace -VMName {name}")
    lab(f"Write-VMGuestMemory -VMName {name} -Address 0x30000 -Value 'balance=000'")
    lab("$trace = Stop-MemoryBusTrace")
    # The line as it was before the write crossed the bus as the Read of the read-modify-write.
    lab(f"$trace | Where-Object Operation -eq Read | Invoke-BusReplay {extra}")
    errors = lab.errors(f"$global:seen = Read-VMGuestMemory -VMName {name} -Address 0x30000 -Count 11")
    return [b for b in lab("$seen") if b is not None], errors


def test_replay_is_silent_under_aes_xts(two_vms):
    seen, errors = _replay_balance(two_vms, "secret")
    assert errors == []
    assert [b.text for b in seen] == ["balance=100"]   # stale data, and no complaint


def _integrity_host(lab):
    lab("Set-VMHostHardware -Profile SapphireRapids -KeyAlgorithm 'AES-XTS-128 with integrity'")
    lab.start("secret", encrypted=True)
    assert lab.one("(Get-VMHostKeyId -VMName secret).Algorithm") == "AES-XTS-128 with integrity"


def test_replay_is_detected_under_an_integrity_algorithm(lab):
    _integrity_host(lab)
    seen, errors = _replay_balance(lab, "secret")
    assert seen == []
    assert errors == ["MachineCheck,PyShell.MemoryLab.Commands.ReadVMGuestMemory"]
    text = lab.text("Read-VMGuestMemory -VMName secret -Address 0x30000 -Count 11")
    assert "Machine check" in text and "Traceback" not in text
    # A partial write must read the line first (read-modify-write): it trips as well...
    assert lab.errors("Write-VMGuestMemory -VMName secret -Address 0x30000 -Value 'x'") == [
        "MachineCheck,PyShell.MemoryLab.Commands.WriteVMGuestMemory"]
    # ...while writing the whole 64-byte line needs no read and makes the line whole again.
    lab("Write-VMGuestMemory -VMName secret -Address 0x30000 -Value ('balance=000'.PadRight(64))")
    assert lab.one("Read-VMGuestMemory -VMName secret -Address 0x30000 -Count 11").text == "balance=000"


def test_integrity_detects_tampering_not_a_replay_that_includes_the_tag(lab):
    # tme-mk.md §4 and §7: the integrity variants detect tampering, not replay. An
    # interposer that also records and writes back the line's tag goes unnoticed.
    _integrity_host(lab)
    seen, errors = _replay_balance(lab, "secret", "-IncludeIntegrityTag")
    assert errors == []
    assert [b.text for b in seen] == ["balance=100"]


def test_trace_records_carry_the_integrity_tag_only_under_integrity(lab):
    _integrity_host(lab)
    lab.start("clear", encrypted=False)
    lab("Start-MemoryBusTrace")
    lab("Write-VMGuestMemory -VMName secret -Address 0x30000 -Value 'x'")
    lab("Write-VMGuestMemory -VMName clear -Address 0x30000 -Value 'x'")
    trace = lab("Stop-MemoryBusTrace")
    assert all(t.integrity_tag is not None for t in trace if t.vm_name == "secret")
    assert all(t.integrity_tag is None for t in trace if t.vm_name == "clear")


def test_canary_visible_only_without_encryption(two_vms):
    results = {r.vm_name: r for r in two_vms("Test-VMMemoryEncryption -VMName clear, secret")}
    assert results["clear"].canary_visible_in_dram is True
    assert results["secret"].canary_visible_in_dram is False
    assert results["secret"].memory_encryption_enabled is True
    assert results["secret"].key_id == two_vms.one("Get-VMHostKeyId -VMName secret").key_id
    # the guest's own bytes were put back
    assert two_vms("(Read-VMGuestMemory -VMName clear -Address 0x10000 -Count 24).Text") == [SECRET]
    assert two_vms.engine.read_guest(two_vms.engine.get_by_name("secret"), 0x3FFFF000, 32) == bytes(32)


def test_without_tme_nothing_is_encrypted(lab):
    lab("Set-VMHostHardware -Profile CometLake")
    lab("New-VM -Name v -Generation 2 -MemoryStartupBytes 1GB | Out-Null")
    lab("Set-VMMemory -VMName v -MemoryEncryptionPolicy EnabledIfSupported")
    lab("Start-VM v -WarningAction SilentlyContinue")
    lab(f"Write-VMGuestMemory -VMName v -Address 0x10000 -Value '{SECRET}'")
    assert _anywhere_in_dram(lab, SECRET.encode()) == [lab.host_address("v", 0x10000)]
    result = lab.one("Test-VMMemoryEncryption -VMName v")
    assert result.memory_encryption_enabled is False and result.canary_visible_in_dram is True
    assert [f.pattern_found for f in lab("Invoke-ColdBootAttack -Pattern '4111'")] == [True]


def test_key_slots_name_owner_and_algorithm(two_vms):
    slots = two_vms("Get-VMHostKeyId")
    assert [s.key_id for s in slots] == list(range(16))  # KeyID 0 and the 15 TME-MK KeyIDs
    assert slots[0].state.name == "Bypass"
    owned = [s for s in slots if s.vm_name == "secret"]
    assert len(owned) == 1 and owned[0].state.name == "Random"
    assert owned[0].algorithm == "AES-XTS-256"
    assert owned[0].key_id == two_vms.engine.get_by_name("secret").key_id
    assert two_vms.one("(Get-VMHostHardware).KeyIdsInUse") == 1


def test_the_key_dies_with_the_vm(two_vms):
    key_id = two_vms.one("Get-VMHostKeyId -VMName secret").key_id
    address = two_vms.host_address("secret", 0x10000)
    two_vms("Stop-VM -Name secret -TurnOff")
    assert two_vms.one(f"Get-VMHostKeyId -KeyId {key_id}").state.name == "Unused"
    assert two_vms.engine.read_physical(address, 24, key_id) != SECRET.encode()


def test_hardware_changes_are_refused_while_a_vm_runs(two_vms):
    from pyshell.runtime.errors import RuntimeException
    with pytest.raises(RuntimeException) as caught:
        two_vms("Set-VMHostHardware -Profile SapphireRapids -ErrorAction Stop")
    assert caught.value.error_record.error_id == "InvalidState"
    assert two_vms("(Get-VMHostHardware).Profile") == ["AlderLake"]


def test_memory_map_shows_the_vms_keyid_in_every_mapping(two_vms):
    maps = two_vms("Get-VMMemoryMap -VMName secret")
    key_id = two_vms.one("Get-VMHostKeyId -VMName secret").key_id
    assert maps and all(m.key_id == key_id for m in maps)
    assert sum(m.size for m in maps) == 1 << 30
    clear = two_vms("Get-VMMemoryMap -VMName clear")
    assert clear and all(m.key_id == 0 for m in clear)
    walk = two_vms("Get-VMMemoryMap -VMName secret -GuestAddress 0x10000")
    assert [s.level for s in walk][0] == "PML4E"
    assert walk[-1].key_id == key_id
    # The leaf's host address is the frame a raw read of that guest address uses.
    leaf = walk[-1]
    assert leaf.host_address <= two_vms.host_address("secret", 0x10000) < leaf.host_address + (1 << 30)
