"""The binder's stages and errors, driven through run_pipeline without the compiler."""

from __future__ import annotations

import pathlib
import sys

import pytest

from pyshell.runtime.binder import bind_arguments, bind_pipeline_object
from pyshell.runtime.errors import ParameterBindingException
from pyshell.runtime.members import PSObject
from pyshell.runtime.parameters import (CommandMetadata, Parameter, ParameterSpec,
                                        ParameterType, ValidateScript)
sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _pipeline_fakes import (FakeSession, GetItemCommand, Item, SetItemCommand, Shade, arg,
                                 named, run, stage)


@pytest.fixture
def session() -> FakeSession:
    return FakeSession()


def bind_error(session, *stages, input=None) -> ParameterBindingException:
    with pytest.raises(ParameterBindingException) as info:
        run(session, *stages, input=input)
    return info.value


# ---------------------------------------------------------------- named

def test_named_parameters_match_case_insensitively_by_prefix_and_alias(session):
    [out] = run(session, stage(GetItemCommand, named("NAME", "a"), named("si", "5"),
                               named("Recurse")))
    assert out["name"] == ["a"] and out["size"] == 5 and out["recurse"] is True
    [out] = run(session, stage(GetItemCommand, named("itemname", "b")))
    assert out["name"] == ["b"]


def test_colon_form_gives_a_switch_its_value(session):
    [out] = run(session, stage(GetItemCommand, named("Recurse", False, colon=True)))
    assert out["recurse"] is False


def test_a_parameter_takes_the_next_argument_as_its_value(session):
    [out] = run(session, stage(GetItemCommand, named("Size"), arg(3), arg("x")))
    assert out["size"] == 3 and out["name"] == ["x"]


def test_unknown_parameter_is_named_parameter_not_found(session):
    err = bind_error(session, stage(GetItemCommand, named("Bogus", 1)))
    record = err.error_record
    assert record.fully_qualified_error_id == "NamedParameterNotFound,Test.Commands.GetItem"
    assert err.message == "A parameter cannot be found that matches parameter name 'Bogus'."
    assert record.category.name == "InvalidArgument"


def test_ambiguous_prefix_lists_the_candidates(session):
    err = bind_error(session, stage(GetItemCommand, named("s", 1)))
    assert err.error_record.error_id == "AmbiguousParameter"
    assert err.message == ("Parameter cannot be processed because the parameter name 's' is "
                           "ambiguous. Possible matches include: -Size -Shade.")


def test_parameter_without_value_is_missing_argument(session):
    err = bind_error(session, stage(GetItemCommand, named("Size")))
    assert err.error_record.error_id == "MissingArgument"
    assert err.message == ("Missing an argument for parameter 'Size'. Specify a parameter of "
                           "type 'System.Int32' and try again.")


def test_a_parameter_given_twice_is_an_error(session):
    err = bind_error(session, stage(GetItemCommand, named("Size", 1), named("Size", 2)))
    assert err.error_record.error_id == "ParameterAlreadyBound"


# ---------------------------------------------------------------- positional

def test_positional_value_goes_to_the_parameter_its_type_fits(session):
    [out] = run(session, stage(GetItemCommand, arg("web")))
    assert out["set"] == "Name" and out["name"] == ["web"]
    thing = Item("x")
    [out] = run(session, stage(GetItemCommand, arg(thing)))
    assert out["set"] == "Item" and out["item"] == [thing]


def test_too_many_positional_arguments(session):
    err = bind_error(session, stage(GetItemCommand, arg("a"), arg("b")))
    assert err.error_record.fully_qualified_error_id == \
        "PositionalParameterNotFound,Test.Commands.GetItem"
    assert err.message == "A positional parameter cannot be found that accepts argument 'b'."


def test_comma_list_binds_an_array_parameter(session):
    [out] = run(session, stage(GetItemCommand, named("Name", ["a", "b"])))
    assert out["name"] == ["a", "b"]


# ---------------------------------------------------------------- conversion

def test_enum_names_convert_case_insensitively(session):
    [out] = run(session, stage(GetItemCommand, named("Shade", "dARK")))
    assert out["shade"] is Shade.Dark


def test_unknown_enum_name_is_cannot_convert_argument(session):
    err = bind_error(session, stage(GetItemCommand, named("Shade", "Grey")))
    assert err.error_record.fully_qualified_error_id == \
        "CannotConvertArgumentNoMessage,Test.Commands.GetItem"
    assert err.message.startswith("Cannot bind parameter 'Shade'. Cannot convert value \"Grey\" "
                                  "to type \"Test.Shade\". Error: \"Unable to match the "
                                  "identifier name Grey to a valid enumerator name.")
    assert err.message.endswith("Light, Dark\"")


def test_number_parse_failure_message(session):
    err = bind_error(session, stage(GetItemCommand, named("Size", "abc")))
    assert err.message == ("Cannot bind parameter 'Size'. Cannot convert value \"abc\" to type "
                           "\"System.Int32\". Error: \"The input string 'abc' was not in a "
                           "correct format.\"")


def test_cmdlet_bool_accepts_only_bools_and_numbers(session):
    [out] = run(session, stage(SetItemCommand, arg("n"), named("Enabled", 0)))
    assert out == ("set", "n", None)
    err = bind_error(session, stage(SetItemCommand, arg("n"), named("Enabled", "yes")))
    assert err.error_record.error_id == "CannotConvertArgumentNoMessage"
    assert "Boolean parameters accept only Boolean values and numbers" in err.message


def test_array_to_scalar_string_is_refused(session):
    err = bind_error(session, stage(SetItemCommand, named("Name", ["a", "b"])))
    assert err.error_record.error_id == "CannotConvertArgument"
    assert err.message == ("Cannot convert 'System.Object[]' to the type 'System.String' "
                           "required by parameter 'Name'. Specified method is not supported.")


# ---------------------------------------------------------------- sets, mandatory, validation

def test_default_parameter_set_wins_when_nothing_decides(session):
    [out] = run(session, stage(GetItemCommand))
    assert out["set"] == "Name"


def test_parameters_of_two_sets_are_ambiguous(session):
    err = bind_error(session, stage(GetItemCommand, named("Name", "a"), named("Item", Item("b"))))
    assert err.error_record.fully_qualified_error_id == \
        "AmbiguousParameterSet,Test.Commands.GetItem"


def test_missing_mandatory_parameter_in_a_non_interactive_session(session):
    err = bind_error(session, stage(SetItemCommand))
    assert err.error_record.error_id == "MissingMandatoryParameter"
    assert err.message == ("Cannot process command because of one or more missing mandatory "
                           "parameters: Name.")


def test_missing_mandatory_parameter_is_prompted_for_interactively():
    session = FakeSession(interactive=True, input_lines=("typed",))
    assert run(session, stage(SetItemCommand)) == [("set", "typed", None)]
    assert "Supply values for the following parameters:" in session.host.text


def test_mandatory_string_rejects_empty_and_null(session):
    err = bind_error(session, stage(SetItemCommand, named("Name", "")))
    assert err.error_record.error_id == "ParameterArgumentValidationErrorEmptyStringNotAllowed"
    err = bind_error(session, stage(SetItemCommand, named("Name", None)))
    assert err.error_record.error_id == "ParameterArgumentValidationErrorNullNotAllowed"
    assert err.message == "Cannot bind argument to parameter 'Name' because it is null."


def test_validate_set_failure(session):
    err = bind_error(session, stage(SetItemCommand, arg("n"), arg("Medium")))
    assert err.error_record.fully_qualified_error_id == \
        "ParameterArgumentValidationError,Test.Commands.SetItem"
    assert err.message == (
        "Cannot validate argument on parameter 'Mode'. The argument \"Medium\" does not belong "
        "to the set \"Fast,Slow\" specified by the ValidateSet attribute. Supply an argument "
        "that is in the set and then try the command again.")
    assert run(session, stage(SetItemCommand, arg("n"), arg("fast"))) == [("set", "n", "fast")]


# ---------------------------------------------------------------- pipeline

def test_pipeline_binds_by_value_then_by_property_name_with_rollback(session):
    a = Item("a")
    named_obj = PSObject.from_pairs([("Name", "b")])
    out = run(session, stage(GetItemCommand), input=[a, named_obj, a])
    assert [(o["set"], o["name"], o["item"]) for o in out] == [
        ("Item", None, [a]), ("Name", ["b"], None), ("Item", None, [a])]


def test_by_property_name_uses_the_parameter_aliases(session):
    obj = PSObject.from_pairs([("ItemName", "c")])
    [out] = run(session, stage(GetItemCommand), input=[obj])
    assert out["name"] == ["c"]


def test_unbindable_input_is_a_non_terminating_error(session):
    out = run(session, stage(GetItemCommand, named("Size", 1)), input=[5, Item("z")])
    assert [o["item"] for o in out] == [[Item("z")]]
    [record] = session.get_variable("Error")
    assert record.fully_qualified_error_id == "InputObjectNotBound,Test.Commands.GetItem"
    assert record.message.startswith("The input object cannot be bound to any parameters")
    assert session.get_variable("?") is False
    assert "The input object cannot be bound" in session.host.text


# ---------------------------------------------------------------- functions

def _function(*specs, advanced=False, default_set=None, name="get-foo"):
    return CommandMetadata.for_function(name, list(specs), cmdlet_binding=advanced,
                                        default_parameter_set=default_set)


def test_simple_function_positions_follow_declaration_and_unknowns_go_to_args():
    meta = _function(ParameterSpec.create("a"), ParameterSpec.create("b"))
    state = bind_arguments(meta, [arg("x"), named("b", "y"), named("q"), arg("z")])
    assert state.bound == {"a": "x", "b": "y"}
    assert state.unbound_arguments == ["-q", "z"]


def test_remaining_arguments_collect_what_positions_do_not_take():
    meta = _function(ParameterSpec.create("a", None, Parameter(position=1)),
                     ParameterSpec.create("foo", None, Parameter(from_remaining_arguments=True)))
    state = bind_arguments(meta, [arg("a"), arg("b"), named("a", "c"), named("q"), arg("d")])
    assert state.bound == {"a": "c", "foo": ["a", "b", "-q", "d"]}


def test_default_set_takes_the_shared_position():
    meta = _function(
        ParameterSpec.create("a", None, Parameter(parameter_set="set1", position=1)),
        ParameterSpec.create("b", None, Parameter(parameter_set="set2", position=1)),
        ParameterSpec.create("foo", None, Parameter(from_remaining_arguments=True)),
        advanced=True, default_set="set1")
    state = bind_arguments(meta, [arg("a"), arg("b"), arg("c")])
    assert state.bound == {"a": "a", "foo": ["b", "c"]}
    assert state.parameter_set_name == "set1"


def test_function_errors_use_the_function_name_and_transformation_ids():
    meta = _function(ParameterSpec.create("n", ParameterType.from_type_name("int")),
                     advanced=True)
    with pytest.raises(ParameterBindingException) as info:
        bind_arguments(meta, [named("n", "abc")])
    assert info.value.error_record.fully_qualified_error_id == \
        "ParameterArgumentTransformationError,get-foo"
    meta = _function(ParameterSpec.create("s", ParameterType.from_type_name("string")),
                     advanced=True, name="Test-String")
    with pytest.raises(ParameterBindingException) as info:
        bind_arguments(meta, [named("s", [1, 2])])
    assert info.value.message == ("Cannot process argument transformation on parameter 's'. "
                                  "Cannot convert value to type System.String.")


def test_validate_script_with_python_callable_and_custom_message():
    spec = ParameterSpec.create("p", None, validators=[
        ValidateScript(lambda v: v > 2, error_message="Item '{0}' failed")])
    with pytest.raises(ParameterBindingException) as info:
        bind_arguments(_function(spec, advanced=True), [named("p", 2)])
    assert info.value.message == "Cannot validate argument on parameter 'p'. Item '2' failed"


def test_pipeline_binding_by_property_name_survives_a_failed_by_value_conversion():
    meta = _function(
        ParameterSpec.create("Parameter1", ParameterType.from_type_name("int"),
                             Parameter(from_pipeline=True)),
        ParameterSpec.create("Length", ParameterType.from_type_name("int"),
                             Parameter(from_pipeline_by_property_name=True)))
    state = bind_arguments(meta, [], expects_input=True)
    assert bind_pipeline_object(state, "abc") == {"Length": 3}


def test_unknown_names_go_to_the_remaining_arguments_of_an_advanced_function():
    meta = _function(ParameterSpec.create("a", None, Parameter(position=1)),
                     ParameterSpec.create("foo", None, Parameter(from_remaining_arguments=True)),
                     advanced=True)
    state = bind_arguments(meta, [arg("a"), arg("b"), named("a", "c"), named("q"), arg("d")])
    assert state.bound == {"a": "c", "foo": ["a", "b", "-q", "d"]}
    state = bind_arguments(meta, [named("q"), arg("x"), arg("y")])
    assert state.bound == {"a": "x", "foo": ["-q", "y"]}


def test_mandatory_array_rejects_an_empty_array():
    meta = _function(ParameterSpec.create("a", ParameterType.from_type_name("string[]"),
                                          Parameter(mandatory=True)), advanced=True)
    with pytest.raises(ParameterBindingException) as info:
        bind_arguments(meta, [named("a", [])])
    assert info.value.error_record.fully_qualified_error_id == \
        "ParameterArgumentValidationErrorEmptyArrayNotAllowed,get-foo"


def test_a_switch_takes_only_bools_and_numbers(session):
    err = bind_error(session, stage(GetItemCommand, named("Recurse", "yes", colon=True)))
    assert err.error_record.error_id == "CannotConvertArgumentNoMessage"
    [out] = run(session, stage(GetItemCommand, named("Recurse", 0, colon=True)))
    assert out["recurse"] is False


def test_common_parameters_convert_their_enums(session):
    err = bind_error(session, stage(GetItemCommand, named("ErrorAction", "Sometimes")))
    assert err.message.startswith("Cannot bind parameter 'ErrorAction'. Cannot convert value "
                                  "\"Sometimes\" to type \"System.Management.Automation."
                                  "ActionPreference\".")


class _Block:
    """A stand-in script block: the binder recognises blocks by their class name."""

    def __init__(self, fn):
        self.fn = fn

    def invoke(self, *args, dollar_under=None, **kwargs):
        return [self.fn(dollar_under)]


_Block.__name__ = "ScriptBlock"


def test_delay_bind_script_blocks_run_per_object():
    meta = _function(ParameterSpec.create("Name", ParameterType.from_type_name("string"),
                                          Parameter(from_pipeline_by_property_name=True)),
                     ParameterSpec.create("InputObject", None, Parameter(from_pipeline=True)),
                     advanced=True)
    state = bind_arguments(meta, [named("Name", _Block(lambda o: o * 2))], expects_input=True)
    assert bind_pipeline_object(state, "ab") == {"Name": "abab", "InputObject": "ab"}
    with pytest.raises(ParameterBindingException) as info:
        bind_arguments(meta, [named("Name", _Block(str))])
    assert info.value.error_record.error_id == "ScriptBlockArgumentNoInput"
