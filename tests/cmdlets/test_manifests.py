"""Each module published as a ModuleManifest says exactly what its module exports, so that
auto-loading can never miss a name nor load a module for a name it does not have."""

from __future__ import annotations

import pytest

from pyshell.runtime.modules import ModuleManifest, _command_name, discover_modules

MODULES = discover_modules()
MANIFESTS = [m for m in MODULES if isinstance(m, ModuleManifest)]


def _type_name(python_class: type) -> str:
    names = getattr(python_class, "__ps_typenames__", None) or (python_class.__name__,)
    return str(names[0])


def _exports(module) -> tuple[set[str], dict[str, str]]:
    """The lower-case command names and the aliases a manifest or a ModuleSpec exports."""
    if isinstance(module, ModuleManifest):
        return {c.lower() for c in module.commands}, dict(module.aliases)
    return ({_command_name(c).lower() for c in module.cmdlets},
            {a.name: a.definition for a in module.alias_infos()})


def test_hyperv_and_memorylab_are_loaded_on_demand():
    assert {m.name for m in MANIFESTS} >= {"Hyper-V", "MemoryLab"}


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda m: m.name)
def test_the_manifest_matches_its_module(manifest):
    spec = manifest.load_spec()
    assert (spec.name, spec.version, spec.description) == (
        manifest.name, manifest.version, manifest.description)
    commands = [_command_name(c) for c in spec.cmdlets]
    assert sorted(manifest.commands) == sorted(commands)
    assert len(set(manifest.commands)) == len(manifest.commands)
    assert manifest.aliases == {a.name: a.definition for a in spec.alias_infos()}
    assert sorted(manifest.type_names) == sorted(_type_name(t) for t in spec.types)
    assert manifest.info().exported_commands == spec.info().exported_commands
    assert manifest.info().exported_aliases == spec.info().exported_aliases


def test_no_two_modules_export_the_same_name():
    # Otherwise which one wins would depend on the order modules happen to be loaded in.
    seen: dict[str, str] = {}
    for module in MODULES:
        commands, aliases = _exports(module)
        for name in commands | {a.lower() for a in aliases}:
            assert name not in seen, f"{name} is in {seen.get(name)} and {module.name}"
            seen[name] = module.name
