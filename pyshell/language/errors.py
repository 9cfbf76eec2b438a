"""Parse errors: every problem found in one parse, each with PowerShell's id, text and extent."""

from __future__ import annotations

import enum

from attrs import frozen

from pyshell.language.ast import Extent

__all__ = ["ParseErrorKind", "ParseErrorDetail", "ParseError", "MESSAGES"]


class ParseErrorKind(enum.Enum):
    # INCOMPLETE: the text ended inside a construct (unclosed `{ ( "`, here-string, trailing
    # `|` or backtick); more lines could make it valid, so the REPL asks for them.
    INCOMPLETE = "incomplete"
    INVALID = "invalid"


@frozen
class ParseErrorDetail:
    """One parse error: `error_id` is PowerShell's (`MissingEndCurlyBrace`), `message` its text."""

    error_id: str
    message: str
    extent: Extent
    incomplete: bool = False


class ParseError(Exception):
    """Raised by `parse` with every error found; `kind` is INCOMPLETE only when all are."""

    def __init__(self, errors: list[ParseErrorDetail] | tuple[ParseErrorDetail, ...]) -> None:
        self.errors: tuple[ParseErrorDetail, ...] = tuple(errors)
        if not self.errors:
            raise ValueError("ParseError needs at least one error")
        super().__init__(self.errors[0].message)

    @property
    def kind(self) -> ParseErrorKind:
        # PowerShell's "incomplete input" test: the first error is at end of input and says so.
        return ParseErrorKind.INCOMPLETE if self.errors[0].incomplete else ParseErrorKind.INVALID

    @property
    def error_id(self) -> str:
        return self.errors[0].error_id

    @property
    def extent(self) -> Extent:
        return self.errors[0].extent

    @property
    def message(self) -> str:
        return self.errors[0].message


# The parser's error ids and message templates (ParserStrings.resx); `{0}`, `{1}` are filled
# with the offending text. The tokenizer words its few errors inline.
_FOREACH_CORRECT = "\nThe correct form is: foreach ($a in $b) {...}"
MESSAGES: dict[str, str] = {
    "UnexpectedToken": "Unexpected token '{0}' in expression or statement.",
    "MissingEndCurlyBrace": "Missing closing '}' in statement block or type definition.",
    "MissingEndParenthesisInExpression": "Missing closing ')' in expression.",
    "MissingEndParenthesisInSubexpression": "Missing closing ')' in subexpression.",
    "MissingEndParenthesisInMethodCall": "Missing ')' in method call.",
    "ExpectedExpression": "An expression was expected after '('.",
    "ExpectedValueExpression": "You must provide a value expression following the '{0}' "
                               "operator.",
    "MissingExpressionAfterOperator": "Missing expression after unary operator '{0}'.",
    "MissingExpressionAfterToken": "Missing expression after '{0}'.",
    "MissingExpression": "Missing expression after '{0}' in pipeline element.",
    "MissingArgument": "Missing argument in parameter list.",
    "ParameterRequiresArgument": "Parameter {0} requires an argument.",
    "EmptyPipeElement": "An empty pipe element is not allowed.",
    "ExpressionsMustBeFirstInPipeline": "Expressions are only allowed as the first element of "
                                        "a pipeline.",
    "EmptyPipelineChainElement": "A pipeline chain operator must be followed by a pipeline.",
    "BackgroundOperatorInPipelineChain": "Background operators can only be used at the end of "
                                         "a pipeline chain.",
    "MissingFileSpecification": "Missing file specification after redirection operator.",
    "RedirectionNotSupported": "The '{0}' operator is reserved for future use.",
    "StreamAlreadyRedirected": "The {0} for this command is already redirected.",
    "MissingPropertyName": "Missing property name after reference operator.",
    "MissingArrayIndexExpression": "Array index expression is missing or not valid.",
    "MissingEndSquareBracket": "Missing ']' after array index expression.",
    "MissingTypename": "Missing type name after '['.",
    "EndSquareBracketExpectedAtEndOfAttribute": "Missing ] at end of attribute or type "
                                                "literal.",
    "MissingEqualsInHashLiteral": "Missing '=' operator after key in hash literal.",
    "MissingStatementInHashLiteral": "Missing statement after '=' in hash literal.",
    "MissingColonInTernaryExpression": "Missing ':' in the ternary expression.",
    "MissingNameAfterKeyword": "Missing name after {0} keyword.",
    "MissingFunctionBody": "Missing function body in function declaration.",
    "MissingEndParenthesisInFunctionParameterList": "Missing ')' in function parameter list.",
    "InvalidFunctionParameter": "Parameter declarations are a comma-separated list of variable "
                                "names with optional initializer expressions.",
    "MissingNamedBlocks": "unexpected token '{0}', expected 'begin', 'process', 'end', "
                          "'clean', or 'dynamicparam'.",
    "MissingNamedStatementBlock": "Missing statement block after '{0}'.",
    "DuplicateScriptCommandClause": "Script command clause '{0}' has already been defined.",
    "MissingTryStatementBlock": "The Try statement is missing its statement block.",
    "MissingCatchOrFinally": "The Try statement is missing its Catch or Finally block.",
    "MissingCatchHandlerBlock": "The Catch block is missing its statement block.",
    "MissingFinallyStatementBlock": "The Finally block is missing its statement block.",
    "MissingTypeLiteralToken": "Missing type literal.",
    "MissingTrapStatement": "The 'trap' statement was incomplete. A trap statement requires a "
                            "body.",
    "PipelineValueRequired": "A switch statement must have one of the following:  "
                             "'-file file_name' or '( expression )'.",
    "MissingCurlyBraceInSwitchStatement": "Missing '{' in switch statement.",
    "MissingSwitchConditionExpression": "Missing condition in switch statement clause.",
    "MissingSwitchStatementClause": "Missing statement block in switch statement clause.",
    "MissingEndParenthesisInSwitchStatement": "Missing ')' after expression in switch "
                                              "statement.",
    "InvalidSwitchFlag": "The parameter {0} is not valid for the switch statement.",
    "InvalidForeachFlag": "The parameter {0} is not valid for the foreach statement.",
    "MultipleSwitchDefaultClauses": "The switch statement can have only one default clause.",
    "MissingVariableNameAfterForeach": "Missing variable name after foreach." + _FOREACH_CORRECT,
    "MissingInInForeach": "Missing 'in' after variable in foreach loop." + _FOREACH_CORRECT,
    "MissingForeachExpression": "Missing foreach loop pipeline expression." + _FOREACH_CORRECT,
    "MissingEndParenthesisAfterForeach": "Missing closing ')' after expression in 'foreach' "
                                         "statement." + _FOREACH_CORRECT,
    "MissingForeachStatement": "Missing statement body in foreach loop." + _FOREACH_CORRECT,
    "ReservedKeywordNotAllowed": "The '{0}' keyword is not supported in this version of the "
                                 "language.",
    "UsingMustBeAtStartOfScript": "A 'using' statement must appear before any other statements "
                                  "in a script.",
    "UnexpectedAttribute": "Unexpected attribute '{0}'.",
    "TypeNotAllowedBeforeStatement": "Unexpected type [{0}] was found before statement.",
    "TypeNotAllowedBeforeParam": "Unexpected type [{0}] was found in the parameter statement.",
    "MissingStatementTerminator": "Missing a newline or semicolon.",
    "MissingOpenParenthesisInIfStatement": "Missing '(' after '{0}' in if statement.",
    "IfStatementMissingCondition": "Missing condition in if statement after '{0} ('.",
    "MissingEndParenthesisAfterStatement": "Missing closing ')' after expression in '{0}' "
                                           "statement.",
    "MissingStatementBlock": "Missing statement block after {0} ( condition ).",
    "MissingStatementBlockAfterElse": "Missing statement block after 'else' keyword.",
    "MissingOpenParenthesisAfterKeyword": "Missing opening '(' after keyword '{0}'.",
    "MissingExpressionAfterKeyword": "Missing expression after '{0}' in loop.",
    "MissingLoopStatement": "Missing statement body in {0} loop.",
    "MissingWhileOrUntilInDoWhile": "Missing while or until keyword in do loop.",
    "InvalidLeftHandSide": "The assignment expression is not valid. The input to an assignment "
                           "operator must be an object that is able to accept assignments, "
                           "such as a variable or a property.",
    "OperatorRequiresVariableOrProperty": "The '{0}' operator works only on variables or on "
                                          "properties.",
    "DuplicateKeyInHashLiteral": "Duplicate keys '{0}' are not allowed in hash literals.",
    "DuplicateFormalParameter": "Duplicate parameter ${0} in parameter list.",
    "OnlyOneParameterListAllowed": "The param statement cannot be used if arguments were "
                                   "specified in the function declaration.",
    "SplattingNotPermitted": "The splatting operator '@' cannot be used to reference variables "
                             "in an expression. '@{0}' can be used only as an argument to a "
                             "command. To reference variables in an expression use '${0}'.",
    "SplattingNotPermittedInArgumentList": "Splatted variables like '@{0}' cannot be part of a "
                                           "comma-separated list of arguments.",
    "MissingTypeBody": "Missing body in type definition.",
    "IncompleteMemberDefinition": "The member definition is incomplete: a property or method "
                                  "must follow its attributes and type.",
    "TooManyTypes": "Only one type may be specified on class members.",
    "DuplicateQualifier": "The {0} qualifier was already specified.",
    "MissingFilenameOption": "Missing file name after the -file parameter of the switch "
                             "statement.",
    "MissingStatementBlockForDataSection": "Missing statement block in data section.",
    "InvalidParameterForDataSectionStatement": "The parameter {0} is not valid for the data "
                                               "section. The only valid parameter is "
                                               "-SupportedCommand.",
    "MissingValueForSupportedCommandInDataSectionStatement": "Missing command name for the "
                                                             "-SupportedCommand parameter of "
                                                             "the data section.",
    "MissingPropertyTerminator": "Missing ';' or end-of-line in property definition.",
    "MissingOpenParenthesisInMethodParameterList": "Missing '(' in class method parameter "
                                                   "list.",
    "ScriptTooComplex": "The script is too complex to parse.",
    "ControlLeavingFinally": "Flow of control cannot leave a Finally block.",
    "DuplicateNamedArgument": "Duplicate named arguments '{0}' are not allowed.",
    "UnexpectedKeyword": "Unexpected keyword '{0}'.",
    "VoidTypeConstraintNotAllowed": "[void] cannot be used as a parameter type, or on the left "
                                    "side of an assignment.",
    "EmptyCatchNotLast": "Catch block must be the last catch block.",
    "ExceptionTypeAlreadyCaught": "Exception type {0} is already handled by a previous "
                                  "handler.",
    "KeywordParameterReservedForFutureUse": "The {0} '-{1}' parameter is reserved for future "
                                            "use.",
    "WorkflowNotSupportedInPowerShellCore": "Workflow is not supported in PowerShell 6+.",
    "OrderedAttributeOnlyOnHashLiteralNode": "The {0} attribute can be specified only on a "
                                             "hash literal node.",
}
