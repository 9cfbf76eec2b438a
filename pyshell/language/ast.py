"""The syntax tree of a PowerShell script: frozen attrs nodes, one class per construct.

The shapes follow System.Management.Automation.Language (ScriptBlockAst, PipelineAst,
CommandAst, BinaryExpressionAst, ...) so that anyone who knows PowerShell's AST can read ours.
Every node carries an `extent`; extents take no part in equality, so a tree printed back to
text and parsed again compares equal to the original (`parse(unparse(ast)) == ast`).

Node groups:
- script blocks and their parts: ScriptBlockAst, ParamBlockAst, NamedBlockAst, ParameterAst,
  AttributeAst, TypeConstraintAst
- statements: StatementBlockAst, PipelineAst, PipelineChainAst, AssignmentStatementAst, the
  loop/branch statements, FunctionDefinitionAst, TryStatementAst, ...
- command elements: CommandAst, CommandExpressionAst, CommandParameterAst, redirections
- expressions: constants, strings, variables, operators, member/index/invoke, literals
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, Optional, Union

from attrs import field, frozen

__all__ = [
    "Extent", "Ast", "StatementAst", "ExpressionAst", "CommandBaseAst", "CommandElementAst",
    "RedirectionAst",
    # types
    "TypeName", "ArrayTypeName", "GenericTypeName", "AnyTypeName",
    # script blocks
    "ScriptBlockAst", "ParamBlockAst", "NamedBlockAst", "BlockKind", "ParameterAst",
    "AttributeAst", "NamedAttributeArgumentAst", "TypeConstraintAst", "AttributeBaseAst",
    # statements
    "StatementBlockAst", "PipelineAst", "PipelineChainAst", "AssignmentStatementAst",
    "IfStatementAst", "IfClause", "WhileStatementAst", "DoWhileStatementAst",
    "DoUntilStatementAst", "ForStatementAst", "ForEachStatementAst", "SwitchStatementAst",
    "SwitchClause", "SwitchFlags", "TryStatementAst", "CatchClauseAst", "TrapStatementAst",
    "BreakStatementAst", "ContinueStatementAst", "ReturnStatementAst", "ExitStatementAst",
    "ThrowStatementAst", "FunctionDefinitionAst", "DataStatementAst", "UsingStatementAst",
    "TypeDefinitionAst", "PropertyMemberAst", "FunctionMemberAst", "EnumMemberAst",
    "ErrorStatementAst",
    # commands
    "CommandAst", "CommandExpressionAst", "CommandParameterAst", "InvocationOperator",
    "RedirectionStream", "FileRedirectionAst", "MergingRedirectionAst",
    # expressions
    "ConstantExpressionAst", "StringConstantExpressionAst", "StringKind",
    "ExpandableStringExpressionAst", "VariableExpressionAst", "VariablePath",
    "BinaryExpressionAst", "BinaryOperator", "UnaryExpressionAst", "UnaryOperator",
    "AssignmentOperator", "ConvertExpressionAst", "AttributedExpressionAst",
    "TypeExpressionAst", "MemberExpressionAst", "InvokeMemberExpressionAst",
    "IndexExpressionAst", "ArrayLiteralAst", "ArrayExpressionAst", "SubExpressionAst",
    "ParenExpressionAst", "HashtableAst", "HashtableEntry", "ScriptBlockExpressionAst",
    "TernaryExpressionAst", "UsingExpressionAst", "ErrorExpressionAst",
]


# --------------------------------------------------------------------------- extents

@frozen
class Extent:
    """A span of source text: 0-based offsets, 1-based lines and columns (IScriptExtent)."""

    file: Optional[str]
    start_offset: int
    end_offset: int
    start_line: int
    start_column: int
    end_line: int
    end_column: int
    # The whole source the offsets point into; kept out of repr and equality because it is
    # shared by every extent of one parse and only needed to show the text of an error.
    source: str = field(default="", repr=False, eq=False)

    @property
    def text(self) -> str:
        return self.source[self.start_offset:self.end_offset]

    def join(self, other: Extent) -> Extent:
        """The extent from the start of self to the end of other."""
        return Extent(self.file, self.start_offset, other.end_offset, self.start_line,
                      self.start_column, other.end_line, other.end_column, self.source)

    @classmethod
    def empty(cls, file: Optional[str] = None) -> Extent:
        return cls(file, 0, 0, 1, 1, 1, 1, "")


def _extent_field() -> Any:
    # Extents never take part in equality: two trees with the same meaning are equal
    # whatever their layout (the round-trip property test relies on this).
    return field(eq=False, repr=False, kw_only=True, factory=Extent.empty)


@frozen
class Ast:
    """Base of every node."""

    if TYPE_CHECKING:
        # Every concrete node declares `extent` as its last field; this tells type checkers
        # so code holding a base-class reference may read it (no attrs field here).
        extent: Extent


@frozen
class StatementAst(Ast):
    """Base of statements."""


@frozen
class CommandElementAst(Ast):
    """Base of what may appear in a command: expressions and parameters."""


@frozen
class ExpressionAst(CommandElementAst):
    """Base of expressions."""


@frozen
class CommandBaseAst(StatementAst):
    """Base of pipeline elements: CommandAst and CommandExpressionAst."""


@frozen
class RedirectionAst(Ast):
    """Base of redirections."""


# --------------------------------------------------------------------------- type names

@frozen
class TypeName:
    """A simple type name as written: `int`, `Microsoft.HyperV.PowerShell.VMState`."""

    name: str
    extent: Extent = _extent_field()

    @property
    def full_name(self) -> str:
        return self.name

    def __str__(self) -> str:
        return self.name


@frozen
class ArrayTypeName:
    """`T[]` or `T[,]` (rank = number of dimensions)."""

    element: AnyTypeName
    rank: int = 1
    extent: Extent = _extent_field()

    @property
    def full_name(self) -> str:
        return f"{self.element.full_name}[{',' * (self.rank - 1)}]"

    def __str__(self) -> str:
        return self.full_name


@frozen
class GenericTypeName:
    """`List[string]`, `Dictionary[string,int]`."""

    base: TypeName
    arguments: tuple[AnyTypeName, ...]
    extent: Extent = _extent_field()

    @property
    def full_name(self) -> str:
        return f"{self.base.full_name}[{','.join(a.full_name for a in self.arguments)}]"

    def __str__(self) -> str:
        return self.full_name


AnyTypeName = Union[TypeName, ArrayTypeName, GenericTypeName]


# --------------------------------------------------------------------------- attributes

@frozen
class AttributeBaseAst(Ast):
    """Base of `[Attr(...)]` and `[type]` when they decorate a parameter or variable."""


@frozen
class TypeConstraintAst(AttributeBaseAst):
    """`[int]` before a parameter or variable."""

    type_name: AnyTypeName
    extent: Extent = _extent_field()


@frozen
class NamedAttributeArgumentAst(Ast):
    """`Mandatory`, `Position=0`; `expression_omitted` when written without `= value`."""

    name: str
    value: ExpressionAst
    expression_omitted: bool = False
    extent: Extent = _extent_field()


@frozen
class AttributeAst(AttributeBaseAst):
    """`[Parameter(Mandatory, Position=0)]`, `[CmdletBinding()]`, `[ValidateSet('a','b')]`."""

    type_name: AnyTypeName
    positional_arguments: tuple[ExpressionAst, ...] = ()
    named_arguments: tuple[NamedAttributeArgumentAst, ...] = ()
    extent: Extent = _extent_field()


# --------------------------------------------------------------------------- script blocks

class BlockKind(enum.Enum):
    BEGIN = "begin"
    PROCESS = "process"
    END = "end"
    CLEAN = "clean"
    DYNAMICPARAM = "dynamicparam"


@frozen
class ParameterAst(Ast):
    """One parameter of a `param()` block or a function's parenthesised list."""

    name: VariableExpressionAst
    attributes: tuple[AttributeBaseAst, ...] = ()
    default_value: Optional[ExpressionAst] = None
    extent: Extent = _extent_field()


@frozen
class ParamBlockAst(Ast):
    """`[CmdletBinding()] param(...)`; `attributes` are those written before `param`."""

    attributes: tuple[AttributeAst, ...] = ()
    parameters: tuple[ParameterAst, ...] = ()
    extent: Extent = _extent_field()


@frozen
class NamedBlockAst(Ast):
    """A `begin`/`process`/`end`/`clean` block; `unnamed` for a body without block names
    (it is then the `end` block, as in PowerShell)."""

    kind: BlockKind
    statements: tuple[StatementAst, ...] = ()
    traps: tuple[TrapStatementAst, ...] = ()
    unnamed: bool = False
    extent: Extent = _extent_field()


@frozen
class UsingStatementAst(StatementAst):
    """`using namespace X`, `using module M`, `using assembly A`; `alias` for `using namespace a = b`."""

    kind: str  # "namespace" | "module" | "assembly" | "type" | "command"
    name: ExpressionAst
    alias: Optional[ExpressionAst] = None
    extent: Extent = _extent_field()


@frozen
class ScriptBlockAst(Ast):
    """A script file or `{ ... }`. A body without named blocks is held as the `end` block."""

    param_block: Optional[ParamBlockAst] = None
    begin_block: Optional[NamedBlockAst] = None
    process_block: Optional[NamedBlockAst] = None
    end_block: Optional[NamedBlockAst] = None
    clean_block: Optional[NamedBlockAst] = None
    dynamicparam_block: Optional[NamedBlockAst] = None
    using_statements: tuple[UsingStatementAst, ...] = ()
    # `#Requires` lines, kept as their raw text after `#Requires`.
    requires: tuple[str, ...] = ()
    extent: Extent = _extent_field()


# --------------------------------------------------------------------------- statements

@frozen
class StatementBlockAst(Ast):
    """`{ statements }` of if/loops/try, also the body of `$()` and `@()`."""

    statements: tuple[StatementAst, ...] = ()
    traps: tuple[TrapStatementAst, ...] = ()
    extent: Extent = _extent_field()


@frozen
class ErrorStatementAst(StatementAst):
    """Stands in for a statement that failed to parse (only in error recovery)."""

    extent: Extent = _extent_field()


class RedirectionStream(enum.Enum):
    ALL = "*"
    OUTPUT = "1"
    ERROR = "2"
    WARNING = "3"
    VERBOSE = "4"
    DEBUG = "5"
    INFORMATION = "6"


@frozen
class FileRedirectionAst(RedirectionAst):
    """`> file`, `2>> file`, `*> $null`."""

    from_stream: RedirectionStream
    location: ExpressionAst
    append: bool = False
    extent: Extent = _extent_field()


@frozen
class MergingRedirectionAst(RedirectionAst):
    """`2>&1`, `*>&1` (the only legal target is the output stream)."""

    from_stream: RedirectionStream
    to_stream: RedirectionStream = RedirectionStream.OUTPUT
    extent: Extent = _extent_field()


class InvocationOperator(enum.Enum):
    NONE = ""
    AMPERSAND = "&"
    DOT = "."


@frozen
class CommandParameterAst(CommandElementAst):
    """`-Name`, `-Name:value` (argument set), `-Name value` keeps the value as the next element.

    `parameter_name` is without the dash; `text` is the token as written (`-Na`, `-Name:`).
    """

    parameter_name: str
    argument: Optional[ExpressionAst] = None
    text: str = ""
    extent: Extent = _extent_field()


@frozen
class CommandAst(CommandBaseAst):
    """A command: name element first, then parameters and arguments in order.

    `verbatim_argument` holds the text after `--%` (stop-parsing), when present.
    """

    elements: tuple[CommandElementAst, ...]
    invocation_operator: InvocationOperator = InvocationOperator.NONE
    redirections: tuple[RedirectionAst, ...] = ()
    # Added by the parser work: the raw text after `--%` (the `--%` itself stays in elements).
    verbatim_argument: Optional[str] = None
    extent: Extent = _extent_field()


@frozen
class CommandExpressionAst(CommandBaseAst):
    """An expression used as a pipeline element (`1 + 2`, `$x | ...`)."""

    expression: ExpressionAst
    redirections: tuple[RedirectionAst, ...] = ()
    extent: Extent = _extent_field()


@frozen
class PipelineAst(StatementAst):
    """`a | b | c`; `background` for a trailing `&`."""

    elements: tuple[CommandBaseAst, ...]
    background: bool = False
    extent: Extent = _extent_field()


@frozen
class PipelineChainAst(StatementAst):
    """`a && b`, `a || b` (left-associative: the left side may itself be a chain)."""

    left: Union[PipelineAst, PipelineChainAst]
    operator: str  # "&&" | "||"
    right: PipelineAst
    background: bool = False
    extent: Extent = _extent_field()


class AssignmentOperator(enum.Enum):
    EQUALS = "="
    PLUS_EQUALS = "+="
    MINUS_EQUALS = "-="
    MULTIPLY_EQUALS = "*="
    DIVIDE_EQUALS = "/="
    REMAINDER_EQUALS = "%="
    COALESCE_EQUALS = "??="


@frozen
class AssignmentStatementAst(StatementAst):
    """`$x = <statement>`; the right side is a whole statement (`$x = if (...) {...}`)."""

    left: ExpressionAst
    operator: AssignmentOperator
    right: StatementAst
    extent: Extent = _extent_field()


@frozen
class IfClause:
    condition: StatementAst  # a pipeline or chain
    body: StatementBlockAst


@frozen
class IfStatementAst(StatementAst):
    """`if (...) {...} elseif (...) {...} else {...}`."""

    clauses: tuple[IfClause, ...]
    else_clause: Optional[StatementBlockAst] = None
    extent: Extent = _extent_field()


@frozen
class WhileStatementAst(StatementAst):
    label: Optional[str]
    condition: StatementAst
    body: StatementBlockAst
    extent: Extent = _extent_field()


@frozen
class DoWhileStatementAst(StatementAst):
    label: Optional[str]
    condition: StatementAst
    body: StatementBlockAst
    extent: Extent = _extent_field()


@frozen
class DoUntilStatementAst(StatementAst):
    label: Optional[str]
    condition: StatementAst
    body: StatementBlockAst
    extent: Extent = _extent_field()


@frozen
class ForStatementAst(StatementAst):
    """`for (init; cond; iter) {...}`; each part optional."""

    label: Optional[str]
    initializer: Optional[StatementAst]
    condition: Optional[StatementAst]
    iterator: Optional[StatementAst]
    body: StatementBlockAst
    extent: Extent = _extent_field()


@frozen
class ForEachStatementAst(StatementAst):
    """`foreach ($x in <pipeline>) {...}`; `parallel`/`throttle_limit` parse but are refused."""

    label: Optional[str]
    variable: VariableExpressionAst
    condition: StatementAst
    body: StatementBlockAst
    parallel: bool = False
    throttle_limit: Optional[ExpressionAst] = None
    extent: Extent = _extent_field()


@frozen
class SwitchFlags:
    regex: bool = False
    wildcard: bool = False
    exact: bool = False
    case_sensitive: bool = False
    parallel: bool = False
    file: bool = False


@frozen
class SwitchClause:
    """One `condition { body }`; the condition is a command-mode argument or `{ scriptblock }`."""

    condition: ExpressionAst
    body: StatementBlockAst


@frozen
class SwitchStatementAst(StatementAst):
    """`switch -flags (value) { clauses; default {...} }`; with -file, `condition` is the path."""

    label: Optional[str]
    condition: Optional[StatementAst]
    flags: SwitchFlags
    clauses: tuple[SwitchClause, ...]
    default: Optional[StatementBlockAst] = None
    extent: Extent = _extent_field()


@frozen
class CatchClauseAst(Ast):
    """`catch [T1], [T2] {...}`; no types catches everything."""

    catch_types: tuple[TypeConstraintAst, ...]
    body: StatementBlockAst
    extent: Extent = _extent_field()

    @property
    def is_catch_all(self) -> bool:
        return not self.catch_types


@frozen
class TryStatementAst(StatementAst):
    body: StatementBlockAst
    catch_clauses: tuple[CatchClauseAst, ...] = ()
    finally_block: Optional[StatementBlockAst] = None
    extent: Extent = _extent_field()


@frozen
class TrapStatementAst(StatementAst):
    """`trap [T] {...}`; applies to the whole enclosing block."""

    trap_type: Optional[TypeConstraintAst]
    body: StatementBlockAst
    extent: Extent = _extent_field()


@frozen
class BreakStatementAst(StatementAst):
    """`break`, `break outer`; the label is a StringConstant for a bare name or any expression."""

    label: Optional[ExpressionAst] = None
    extent: Extent = _extent_field()


@frozen
class ContinueStatementAst(StatementAst):
    label: Optional[ExpressionAst] = None
    extent: Extent = _extent_field()


@frozen
class ReturnStatementAst(StatementAst):
    pipeline: Optional[StatementAst] = None
    extent: Extent = _extent_field()


@frozen
class ExitStatementAst(StatementAst):
    pipeline: Optional[StatementAst] = None
    extent: Extent = _extent_field()


@frozen
class ThrowStatementAst(StatementAst):
    pipeline: Optional[StatementAst] = None
    extent: Extent = _extent_field()


@frozen
class FunctionDefinitionAst(StatementAst):
    """`function Name (params) { body }` / `filter Name { body }`.

    Parameters written in parentheses after the name are in `parameters`; a `param()` block
    inside the body is in `body.param_block` (both at once is a parse error).
    """

    name: str
    body: ScriptBlockAst
    is_filter: bool = False
    is_workflow: bool = False
    parameters: tuple[ParameterAst, ...] = ()
    extent: Extent = _extent_field()


@frozen
class DataStatementAst(StatementAst):
    """`data name -SupportedCommand a,b { ... }`."""

    variable: Optional[str]
    commands_allowed: tuple[ExpressionAst, ...]
    body: StatementBlockAst
    extent: Extent = _extent_field()


@frozen
class PropertyMemberAst(Ast):
    """A class property: `[type] $Name = default`, `static`, `hidden`."""

    name: str
    property_type: Optional[TypeConstraintAst] = None
    attributes: tuple[AttributeAst, ...] = ()
    initial_value: Optional[ExpressionAst] = None
    is_static: bool = False
    is_hidden: bool = False
    extent: Extent = _extent_field()


@frozen
class FunctionMemberAst(Ast):
    """A class method or constructor; `base_arguments` for `: base(...)`."""

    name: str
    body: ScriptBlockAst
    parameters: tuple[ParameterAst, ...] = ()
    return_type: Optional[TypeConstraintAst] = None
    attributes: tuple[AttributeAst, ...] = ()
    is_static: bool = False
    is_hidden: bool = False
    is_constructor: bool = False
    base_arguments: Optional[tuple[ExpressionAst, ...]] = None
    extent: Extent = _extent_field()


@frozen
class EnumMemberAst(Ast):
    name: str
    initial_value: Optional[ExpressionAst] = None
    extent: Extent = _extent_field()


@frozen
class TypeDefinitionAst(StatementAst):
    """`class Name : Base, IFace { members }` or `enum Name : type { members }`."""

    name: str
    is_enum: bool
    base_types: tuple[AnyTypeName, ...] = ()
    members: tuple[Union[PropertyMemberAst, FunctionMemberAst, EnumMemberAst], ...] = ()
    attributes: tuple[AttributeAst, ...] = ()
    extent: Extent = _extent_field()


# --------------------------------------------------------------------------- expressions

@frozen
class ConstantExpressionAst(ExpressionAst):
    """A number literal (int, long, decimal, double, bigint, byte, ...) already converted.

    `text` keeps the literal as written (`4GB`, `0x10`) for unparsing and error messages.
    """

    value: Any
    text: str = ""
    extent: Extent = _extent_field()


class StringKind(enum.Enum):
    BARE_WORD = "bare"
    SINGLE_QUOTED = "'"
    DOUBLE_QUOTED = '"'
    SINGLE_QUOTED_HERE_STRING = "@'"
    DOUBLE_QUOTED_HERE_STRING = '@"'


@frozen
class StringConstantExpressionAst(ExpressionAst):
    """A string without expansion: `'text'`, a bareword, a here-string `@' '@`, or a double-
    quoted string that has nothing to expand. `value` is the string after escapes."""

    value: str
    string_kind: StringKind = StringKind.BARE_WORD
    extent: Extent = _extent_field()


@frozen
class ExpandableStringExpressionAst(ExpressionAst):
    """`"Hello $name, $($x + 1)"`: `parts` alternate literal text (escapes already applied)
    and the expressions to insert (VariableExpressionAst, SubExpressionAst, or a member
    access for `$a.b` never: PowerShell inserts `$a` then literal `.b`)."""

    parts: tuple[Union[str, ExpressionAst], ...]
    string_kind: StringKind = StringKind.DOUBLE_QUOTED
    # The text between the quotes as written, for unparsing.
    raw: str = ""
    extent: Extent = _extent_field()


@frozen
class VariablePath:
    """`x`, `global:x`, `env:PATH`, `script:my var` as written after `$` (braces removed).

    `scope` is one of global/script/local/private/using/workflow when the prefix is a scope;
    `drive` is any other prefix (`env`, `function`, `variable`, `alias`, ...)."""

    user_path: str

    _SCOPES = ("global", "script", "local", "private", "using", "workflow")

    @property
    def _prefix(self) -> tuple[str, str]:
        head, sep, rest = self.user_path.partition(":")
        if sep and head and rest:
            return head, rest
        return "", self.user_path

    @property
    def scope(self) -> Optional[str]:
        head, _ = self._prefix
        return head.lower() if head.lower() in self._SCOPES else None

    @property
    def drive(self) -> Optional[str]:
        head, _ = self._prefix
        return head if head and head.lower() not in self._SCOPES else None

    @property
    def name(self) -> str:
        """The name without scope prefix; with a drive prefix it is the item name."""
        return self._prefix[1]

    @property
    def is_unqualified(self) -> bool:
        return not self._prefix[0]

    def __str__(self) -> str:
        return self.user_path


@frozen
class VariableExpressionAst(ExpressionAst):
    """`$x`, `${a b}`, `$env:PATH`, `@splat` (splatted=True)."""

    path: VariablePath
    splatted: bool = False
    braced: bool = False
    extent: Extent = _extent_field()

    @property
    def name(self) -> str:
        return self.path.name


class BinaryOperator(enum.Enum):
    """Binary operators by their canonical text; `-eq` is read as `-ieq` like PowerShell."""

    ADD = "+"
    SUBTRACT = "-"
    MULTIPLY = "*"
    DIVIDE = "/"
    REMAINDER = "%"
    RANGE = ".."
    FORMAT = "-f"
    COALESCE = "??"
    AND = "-and"
    OR = "-or"
    XOR = "-xor"
    BAND = "-band"
    BOR = "-bor"
    BXOR = "-bxor"
    SHL = "-shl"
    SHR = "-shr"
    IS = "-is"
    ISNOT = "-isnot"
    AS = "-as"
    JOIN = "-join"
    IEQ = "-ieq"
    INE = "-ine"
    IGT = "-igt"
    IGE = "-ige"
    ILT = "-ilt"
    ILE = "-ile"
    ILIKE = "-ilike"
    INOTLIKE = "-inotlike"
    IMATCH = "-imatch"
    INOTMATCH = "-inotmatch"
    IREPLACE = "-ireplace"
    ICONTAINS = "-icontains"
    INOTCONTAINS = "-inotcontains"
    IIN = "-iin"
    INOTIN = "-inotin"
    ISPLIT = "-isplit"
    CEQ = "-ceq"
    CNE = "-cne"
    CGT = "-cgt"
    CGE = "-cge"
    CLT = "-clt"
    CLE = "-cle"
    CLIKE = "-clike"
    CNOTLIKE = "-cnotlike"
    CMATCH = "-cmatch"
    CNOTMATCH = "-cnotmatch"
    CREPLACE = "-creplace"
    CCONTAINS = "-ccontains"
    CNOTCONTAINS = "-cnotcontains"
    CIN = "-cin"
    CNOTIN = "-cnotin"
    CSPLIT = "-csplit"


class UnaryOperator(enum.Enum):
    NOT = "-not"
    EXCLAIM = "!"
    BNOT = "-bnot"
    NEGATE = "-"
    PLUS = "+"
    COMMA = ","
    PRE_INCREMENT = "++"
    PRE_DECREMENT = "--"
    POST_INCREMENT = "++ (postfix)"
    POST_DECREMENT = "-- (postfix)"
    ISPLIT = "-isplit"
    CSPLIT = "-csplit"
    JOIN = "-join"


@frozen
class BinaryExpressionAst(ExpressionAst):
    left: ExpressionAst
    operator: BinaryOperator
    right: ExpressionAst
    extent: Extent = _extent_field()


@frozen
class UnaryExpressionAst(ExpressionAst):
    operator: UnaryOperator
    child: ExpressionAst
    extent: Extent = _extent_field()


@frozen
class TernaryExpressionAst(ExpressionAst):
    condition: ExpressionAst
    if_true: ExpressionAst
    if_false: ExpressionAst
    extent: Extent = _extent_field()


@frozen
class ConvertExpressionAst(ExpressionAst):
    """`[int]$x`, `[ordered]@{...}`, `[Microsoft.HyperV.PowerShell.VMState]'Off'`."""

    type: TypeConstraintAst
    child: ExpressionAst
    extent: Extent = _extent_field()


@frozen
class AttributedExpressionAst(ExpressionAst):
    """`[ValidateRange(1,5)][int]$x = 3`: an attribute (not a type) before an expression."""

    attribute: AttributeAst
    child: ExpressionAst
    extent: Extent = _extent_field()


@frozen
class TypeExpressionAst(ExpressionAst):
    """A type literal used as a value: `[int]`, `[math]` in `[math]::Pi`."""

    type_name: AnyTypeName
    extent: Extent = _extent_field()


@frozen
class MemberExpressionAst(ExpressionAst):
    """`$a.b`, `[T]::b` (static), `$a?.b` (null_conditional); `member` is usually a
    StringConstantExpressionAst, but may be any expression (`$a.$name`, `$a.('x')`)."""

    expression: ExpressionAst
    member: ExpressionAst
    static: bool = False
    null_conditional: bool = False
    extent: Extent = _extent_field()


@frozen
class InvokeMemberExpressionAst(ExpressionAst):
    """`$a.M(1, 2)`, `[T]::M()`, `$a.Where{...}`, `$a.M[T](...)` (generic_types)."""

    expression: ExpressionAst
    member: ExpressionAst
    arguments: tuple[ExpressionAst, ...] = ()
    static: bool = False
    null_conditional: bool = False
    generic_types: tuple[AnyTypeName, ...] = ()
    extent: Extent = _extent_field()


@frozen
class IndexExpressionAst(ExpressionAst):
    """`$a[0]`, `$a[1..3]`, `$h['k']`, `$a?[0]`."""

    target: ExpressionAst
    index: ExpressionAst
    null_conditional: bool = False
    extent: Extent = _extent_field()


@frozen
class ArrayLiteralAst(ExpressionAst):
    """`1, 2, 3` (the comma operator with two or more elements)."""

    elements: tuple[ExpressionAst, ...]
    extent: Extent = _extent_field()


@frozen
class ArrayExpressionAst(ExpressionAst):
    """`@( statements )`: always an array."""

    subexpression: StatementBlockAst
    extent: Extent = _extent_field()


@frozen
class SubExpressionAst(ExpressionAst):
    """`$( statements )`."""

    subexpression: StatementBlockAst
    extent: Extent = _extent_field()


@frozen
class ParenExpressionAst(ExpressionAst):
    """`( pipeline )`: one pipeline or assignment, which may be a full command."""

    pipeline: StatementAst
    extent: Extent = _extent_field()


@frozen
class HashtableEntry:
    key: ExpressionAst
    value: StatementAst


@frozen
class HashtableAst(ExpressionAst):
    """`@{ a = 1; 'b c' = Get-Date }`; `[ordered]` is a ConvertExpressionAst around it."""

    entries: tuple[HashtableEntry, ...] = ()
    extent: Extent = _extent_field()


@frozen
class ScriptBlockExpressionAst(ExpressionAst):
    """`{ ... }` used as a value."""

    script_block: ScriptBlockAst
    extent: Extent = _extent_field()


@frozen
class UsingExpressionAst(ExpressionAst):
    """`$using:x`."""

    sub_expression: ExpressionAst
    extent: Extent = _extent_field()


@frozen
class ErrorExpressionAst(ExpressionAst):
    """Stands in for an expression that failed to parse (only in error recovery)."""

    extent: Extent = _extent_field()
