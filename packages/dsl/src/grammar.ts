/**
 * The grammar of model-package specs, for peggy (a PEG parser generator). docs/dsl.md
 * documents the language; keep the two in step. Every node records where it starts so
 * errors can point at it.
 */
export const GRAMMAR = String.raw`
{{
  const pos = (loc) => ({ line: loc.start.line, column: loc.start.column });
  const fold = (head, tail) => tail.reduce((left, [, op, , right]) => ({ kind: "binary", op, left, right, pos: left.pos }), head);
}}

Spec
  = _ packageName:PackageDecl _ decls:(@Decl _)* { return { packageName, decls }; }

PackageDecl
  = "package" __ name:String { return { name: name.value, pos: pos(location()) }; }

Decl
  = InputDecl / TableDecl / DefDecl / FeatureDecl / LabelDecl / ModelDecl

InputDecl
  = "input" __ group:Ident "." name:Ident _ ":" _ type:Type fallback:(_ "=" _ @Literal)? {
      return { kind: "input", group, name, type, fallback: fallback ?? undefined, pos: pos(location()) };
    }

Type "a type (number, bool, category, list or vector[N])"
  = "vector" _ "[" _ size:Integer _ "]" { return { name: "vector", size, pos: pos(location()) }; }
  / name:("number" / "bool" / "category" / "list") !IdentPart { return { name, pos: pos(location()) }; }

TableDecl
  = "table" __ name:Ident _ "=" _ "{" _ entries:TableEntries? _ "}" _ "default" __ fallback:SignedNumber {
      return { kind: "table", name, entries: entries ?? [], fallback, pos: pos(location()) };
    }

TableEntries
  = head:TableEntry tail:(_ "," _ @TableEntry)* (_ ",")? { return [head, ...tail]; }

TableEntry
  = key:String _ ":" _ value:SignedNumber { return { key: key.value, value, pos: pos(location()) }; }

DefDecl
  = "def" __ name:Ident _ "(" _ params:Params? _ ")" _ "=" _ body:Expr {
      return { kind: "def", name, params: params ?? [], body, pos: pos(location()) };
    }

Params
  = head:Param tail:(_ "," _ @Param)* { return [head, ...tail]; }

Param
  = name:Ident { return { name, pos: pos(location()) }; }

FeatureDecl
  = "feature" __ name:Ident _ "=" _ expr:Expr { return { kind: "feature", name, expr, pos: pos(location()) }; }

LabelDecl
  = "label" __ name:Ident _ "=" _ "any" _ "(" _ events:Params _ ")" within:(__ "within" __ @Duration)? {
      return { kind: "label", name, events, withinSeconds: within ?? undefined, pos: pos(location()) };
    }

Duration "a duration such as 30m, 1h or 7d"
  = value:Integer unit:[smhd] { return value * { s: 1, m: 60, h: 3600, d: 86400 }[unit]; }

ModelDecl
  = "model" __ type:Ident _ "(" _ params:ModelParams? _ ")" { return { kind: "model", type, params: params ?? [], pos: pos(location()) }; }

ModelParams
  = head:ModelParam tail:(_ "," _ @ModelParam)* { return [head, ...tail]; }

ModelParam
  = name:Ident _ "=" _ value:SignedNumber { return { name, value, pos: pos(location()) }; }

Expr
  = Or

Or
  = head:And tail:(__ "or" __ And)* { return fold(head, tail); }

And
  = head:Not tail:(__ "and" __ Not)* { return fold(head, tail); }

Not
  = "not" __ operand:Not { return { kind: "unary", op: "not", operand, pos: pos(location()) }; }
  / Comparison

Comparison
  = head:Additive tail:(_ ("<=" / ">=" / "==" / "!=" / "<" / ">") _ Additive)? {
      return tail ? { kind: "binary", op: tail[1], left: head, right: tail[3], pos: head.pos } : head;
    }

Additive
  = head:Multiplicative tail:(_ ("+" / "-") _ Multiplicative)* { return fold(head, tail); }

Multiplicative
  = head:Unary tail:(_ ("*" / "/") _ Unary)* { return fold(head, tail); }

Unary
  = "-" _ operand:Unary { return { kind: "unary", op: "-", operand, pos: pos(location()) }; }
  / Primary

Primary
  = Literal
  / ListLiteral
  / Call
  / Ref
  / "(" _ @Expr _ ")"

Call
  = callee:Ident _ "(" _ args:Args? _ ")" { return { kind: "call", callee, args: args ?? [], pos: pos(location()) }; }

Args
  = head:Expr tail:(_ "," _ @Expr)* { return [head, ...tail]; }

Ref
  = name:$(Ident ("." Ident)?) { return { kind: "ref", name, pos: pos(location()) }; }

ListLiteral
  = "[" _ items:Args? _ "]" { return { kind: "list", items: items ?? [], pos: pos(location()) }; }

Literal
  = value:Number { return { kind: "number", value, pos: pos(location()) }; }
  / String
  / value:("true" / "false") !IdentPart { return { kind: "bool", value: value === "true", pos: pos(location()) }; }

SignedNumber "a number"
  = sign:"-"? _ value:Number { return sign ? -value : value; }

Number "a number"
  = text:$([0-9]+ ("." [0-9]+)? ([eE] [+-]? [0-9]+)?) { return Number(text); }

Integer "a whole number"
  = text:$[0-9]+ { return Number(text); }

String "a string in double quotes"
  = '"' chars:$(!'"' !"\n" ("\\" . / .))* '"' {
      try {
        return { kind: "string", value: JSON.parse('"' + chars + '"'), pos: pos(location()) };
      } catch {
        error("a string with a bad escape sequence");
      }
    }

Ident "a name"
  = !Keyword name:$([a-z_] IdentPart*) { return name; }

IdentPart
  = [a-z0-9_]

Keyword
  = ("package" / "input" / "table" / "def" / "feature" / "label" / "model" / "and" / "or" / "not" / "true" / "false" / "default" / "within") !IdentPart

_
  = ([ \t\r\n] / Comment)*

__
  = ([ \t\r\n] / Comment)+

Comment
  = "#" [^\n]*
`;
