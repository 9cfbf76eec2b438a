"""Pieces of the module that need no shell: enums, record shapes, the error texts."""

from __future__ import annotations

import enum

import pytest

from cmdlets.hyperv import enums as E
from cmdlets.hyperv.errors import fallback_warning, start_failure_text
from cmdlets.hyperv.records import VirtualMachine, VMMemory, VMProcessor, VMFirmware
from engine import errors as ee
from engine import partition as ep
from engine.host import Host
from pyshell.runtime.members import get_properties


@pytest.mark.parametrize("ours, theirs", [
    (E.VMState, ep.VMState), (E.StartAction, ep.StartAction), (E.StopAction, ep.StopAction),
    (E.CheckpointType, ep.CheckpointType), (E.MemoryEncryptionPolicy, ep.MemoryEncryptionPolicy),
    (E.OnOffState, ep.OnOffState), (E.ConsoleModeType, ep.ConsoleMode),
    (E.CriticalErrorAction, ep.CriticalErrorAction),
])
def test_enums_mirror_the_engine_member_for_member(ours, theirs):
    assert [(m.name, m.value) for m in ours] == [(m.name, m.value) for m in theirs]
    assert ours.__ps_typenames__[0] == "Microsoft.HyperV.PowerShell." + ours.__name__
    for member in theirs:
        assert E.to_engine(E.to_ps(member, ours), theirs) is member


def test_every_enum_has_a_dotnet_name():
    for kind in E.ENUM_TYPES:
        assert issubclass(kind, enum.Enum)
        assert kind.__ps_typenames__[0].startswith("Microsoft.HyperV.PowerShell.")


@pytest.fixture
def vm():
    host = Host.in_memory()
    return host, host.new_vm("web1", 2, 4 * 2**30)


def test_vmmemory_property_order_is_the_real_one(vm):
    host, p = vm
    names = [prop.name for prop in get_properties(VMMemory.from_partition(p, host.name))]
    assert names[:11] == ["ResourcePoolName", "Buffer", "DynamicMemoryEnabled", "Maximum",
                          "MaximumPerNumaNode", "Minimum", "Priority", "Startup",
                          "HugePagesEnabled", "MemoryEncryptionPolicy", "MemoryEncryptionEnabled"]
    assert names[-2:] == ["VMCheckpointId", "VMCheckpointName"]


def test_component_records_end_with_the_checkpoint_aliases(vm):
    host, p = vm
    for record in (VMProcessor.from_partition(p, host.name), VMFirmware.from_partition(p, host.name)):
        names = [prop.name for prop in get_properties(record)]
        assert names[-5:] == ["CimSession", "ComputerName", "IsDeleted", "VMCheckpointId",
                              "VMCheckpointName"]


def test_virtual_machine_snapshot_does_not_change(vm):
    host, p = vm
    before = VirtualMachine.from_partition(p, host.name)
    host.start(p)
    assert before.state is E.VMState.Off
    assert VirtualMachine.from_partition(p, host.name).state is E.VMState.Running


def test_start_failure_names_the_requirement(vm):
    host, p = vm
    reason = ee.RequirementNotMet("web1", p.id, ee.Requirement.CONFIGURATION_VERSION,
                                  "'web1' cannot use memory encryption: its configuration "
                                  "version is 9.0; memory encryption requires version 10.0 or later.")
    text = start_failure_text(reason)
    assert text.startswith("'web1' failed to start: its memory encryption policy is AlwaysEnabled")
    assert "version 10.0 or later" in text and "\n" not in text
    assert "\n" not in fallback_warning(reason)
    exhausted = ee.KeysExhausted("web1", p.id, 15, 15)
    assert "15 of 15 in use" in start_failure_text(exhausted)
