"""The lab's stories must be true, not merely printed: these tests look at the engine's DRAM
and the cmdlets' records, never at formatted text.

- an encrypted VM's secret never appears in any raw read, bus trace or cold-boot dump;
- an unencrypted VM's secret does appear when KeyID 0 is in bypass, and does not when the
  platform key encrypts it; after power loss that key is gone;
- a replayed bus line is accepted silently under AES-XTS and detected under integrity;
- after a cold boot nothing of an encrypted VM decrypts under any KeyID.
"""

from __future__ import annotations

import pytest

from engine import lab as engine_lab

SECRET = "card 4111-1111-1111-1111"


def _start(session, name, encrypted):
    session.invoke(f"New-VM -Name {name} -Generation 2 -MemoryStartupBytes 1GB | Out-Null")
    if encrypted:
        session.invoke(f"Set-VMMemory -VMName {name} -MemoryEncryptionPolicy AlwaysEnabled")
    session.invoke(f"Start-VM -Name {name}")


def _engine(session):
    return session.module_state("Hyper-V")


def _dram_holds(session, name, needle: bytes) -> bool:
    host = _engine(session)
    p = host.get_by_name(name)
    return bool(engine_lab.scan(host, p.runtime.extents, [needle]))


@pytest.fixture
def two_vms(session):
    _start(session, "clear", encrypted=False)
    _start(session, "secret", encrypted=True)
    for name in ("clear", "secret"):
        session.invoke(f"Write-VMGuestMemory -VMName {name} -Address 0x10000 -Value '{SECRET}'")
    return session


def test_both_guests_read_their_own_plaintext(two_vms):
    for name in ("clear", "secret"):
        block = two_vms.invoke(f"Read-VMGuestMemory -VMName {name} -Address 0x10000 -Count 24")[0]
        assert block.text == SECRET
        assert block.bytes == SECRET.encode()


def test_encrypted_secret_never_in_raw_dram_but_plaintext_vm_is(two_vms):
    assert _dram_holds(two_vms, "clear", SECRET.encode())
    assert not _dram_holds(two_vms, "secret", SECRET.encode())
    raw = two_vms.invoke("Read-PhysicalMemory -VMName secret -GuestAddress 0x10000 -Count 24")[0]
    assert raw.bytes != SECRET.encode()
    assert raw.source == "DRAM"


def test_the_hypervisor_alias_reads_plaintext_through_the_vms_keyid(two_vms):
    # TME-MK does not protect a VM from its host: the VM's own KeyID decrypts.
    key_id = two_vms.invoke("(Get-VMMemory -VMName secret).MemoryEncryptionEnabled")[0]
    assert key_id is True
    slot = [s for s in two_vms.invoke("Get-VMHostKeyId -VMName secret")][0]
    block = two_vms.invoke(
        f"Read-PhysicalMemory -VMName secret -GuestAddress 0x10000 -Count 24 -KeyId {slot.key_id}")[0]
    assert block.text == SECRET
    dma = two_vms.invoke("Read-PhysicalMemory -VMName secret -GuestAddress 0x10000 -Count 24 -KeyId 0")[0]
    assert dma.bytes != SECRET.encode()


def test_bus_trace_shows_ciphertext_of_the_encrypted_vm_only(two_vms):
    two_vms.invoke("Start-MemoryBusTrace")
    two_vms.invoke("Write-VMGuestMemory -VMName secret -Address 0x20000 -Value 'hello'")
    two_vms.invoke("Write-VMGuestMemory -VMName clear -Address 0x20000 -Value 'hello'")
    trace = two_vms.invoke("Stop-MemoryBusTrace")
    writes = [t for t in trace if t.operation.name == "Write"]
    assert len(writes) == 2
    assert [t.vm_name for t in trace if b"hello" in t.data] == ["clear"]
    assert all(b"hello" not in t.data for t in trace if t.vm_name == "secret")


def test_cold_boot_finds_only_the_plaintext_vm_and_leaves_the_host_off(two_vms):
    findings = {f.vm_name: f for f in two_vms.invoke("Invoke-ColdBootAttack -Pattern '4111-1111'")}
    assert findings["clear"].pattern_found and not findings["clear"].memory_encrypted
    assert not findings["secret"].pattern_found and findings["secret"].memory_encrypted
    states = {vm.name: vm.state.name for vm in two_vms.invoke("Get-VM")}
    assert states == {"clear": "Off", "secret": "Off"}
    assert all(slot.state.name in ("Unused", "Platform", "Bypass")
               for slot in two_vms.invoke("Get-VMHostKeyId"))


def test_after_a_cold_boot_nothing_of_the_encrypted_vm_decrypts_under_any_keyid(two_vms):
    host = _engine(two_vms)
    p = host.get_by_name("secret")
    address, _ = host.guest_to_host(p, 0x10000)
    two_vms.invoke("Invoke-ColdBootAttack")
    total = host.hardware().max_key_ids
    for key_id in range(total + 1):
        assert host.read_physical(address, 24, key_id) != SECRET.encode()


def test_platform_key_hides_unencrypted_vms_until_bypass(session):
    session.invoke("Set-VMHostHardware -TmeBypass $false")
    _start(session, "clear", encrypted=False)
    session.invoke(f"Write-VMGuestMemory -VMName clear -Address 0x10000 -Value '{SECRET}'")
    assert not _dram_holds(session, "clear", SECRET.encode())
    # KeyID 0 through the controller (a DMA device) still decrypts with the platform key...
    dma = session.invoke("Read-PhysicalMemory -VMName clear -GuestAddress 0x10000 -Count 24 -KeyId 0")[0]
    assert dma.text == SECRET
    host = _engine(session)
    address, _ = host.guest_to_host(host.get_by_name("clear"), 0x10000)
    # ...until the power goes: the platform key dies with it.
    findings = session.invoke(f"Invoke-ColdBootAttack -Pattern '4111-1111'")
    assert not findings[0].pattern_found
    assert host.read_physical(address, 24, 0) != SECRET.encode()


def test_replay_is_silent_under_aes_xts(two_vms):
    two_vms.invoke("Write-VMGuestMemory -VMName secret -Address 0x30000 -Value 'balance=100'")
    two_vms.invoke("Start-MemoryBusTrace -VMName secret")
    two_vms.invoke("Write-VMGuestMemory -VMName secret -Address 0x30000 -Value 'balance=000'")
    two_vms.invoke("$trace = Stop-MemoryBusTrace")
    # The line as it was before the write crossed the bus as the Read of the read-modify-write.
    two_vms.invoke("$trace | Where-Object Operation -eq Read | Invoke-BusReplay")
    block = two_vms.invoke("Read-VMGuestMemory -VMName secret -Address 0x30000 -Count 11")[0]
    assert block.text == "balance=100"   # stale data, and no complaint


def test_canary_visible_only_without_encryption(two_vms):
    results = {r.vm_name: r for r in two_vms.invoke("Test-VMMemoryEncryption -VMName clear, secret")}
    assert results["clear"].canary_visible_in_dram is True
    assert results["secret"].canary_visible_in_dram is False
    assert results["secret"].memory_encryption_enabled is True
    # the guest's own bytes were put back
    assert two_vms.invoke("(Read-VMGuestMemory -VMName clear -Address 0x10000 -Count 24).Text") == [SECRET]


def test_key_slots_name_owner_and_algorithm(two_vms):
    slots = two_vms.invoke("Get-VMHostKeyId")
    assert len(slots) == 16                      # KeyID 0 and the 15 TME-MK KeyIDs
    assert slots[0].state.name == "Bypass"
    owned = [s for s in slots if s.vm_name == "secret"]
    assert len(owned) == 1 and owned[0].state.name == "Random"
    assert owned[0].algorithm == "AES-XTS-256"


def test_hardware_changes_are_refused_while_a_vm_runs(two_vms):
    from pyshell.runtime.errors import RuntimeException
    with pytest.raises(RuntimeException) as caught:
        two_vms.invoke("Set-VMHostHardware -Profile SapphireRapids -ErrorAction Stop")
    assert caught.value.error_record.error_id == "InvalidState"
    assert two_vms.invoke("(Get-VMHostHardware).Profile") == ["AlderLake"]


def test_memory_map_shows_the_vms_keyid_in_every_mapping(two_vms):
    maps = two_vms.invoke("Get-VMMemoryMap -VMName secret")
    key_id = two_vms.invoke("Get-VMHostKeyId -VMName secret")[0].key_id
    assert maps and all(m.key_id == key_id for m in maps)
    assert sum(m.size for m in maps) == 1 << 30
    walk = two_vms.invoke("Get-VMMemoryMap -VMName secret -GuestAddress 0x10000")
    assert [s.level for s in walk][0] == "PML4E"
    assert walk[-1].key_id == key_id
