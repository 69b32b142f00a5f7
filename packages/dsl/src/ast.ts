/** Where a node starts in its spec: 1-based line and column. */
export interface Pos {
  line: number;
  column: number;
}

export type BinaryOp = "+" | "-" | "*" | "/" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "and" | "or";
export type UnaryOp = "-" | "not";

export type Expr =
  | { kind: "number"; value: number; pos: Pos }
  | { kind: "string"; value: string; pos: Pos }
  | { kind: "bool"; value: boolean; pos: Pos }
  | { kind: "list"; items: Expr[]; pos: Pos }
  /** A name: an input ("pin.saves"), a feature, a table, or a def parameter. */
  | { kind: "ref"; name: string; pos: Pos }
  | { kind: "call"; callee: string; args: Expr[]; pos: Pos }
  | { kind: "unary"; op: UnaryOp; operand: Expr; pos: Pos }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr; pos: Pos };

export interface TypeAst {
  name: "number" | "bool" | "category" | "list" | "vector";
  /** Dimension of a vector type. */
  size?: number;
  pos: Pos;
}

export interface Named {
  name: string;
  pos: Pos;
}

export type Decl =
  | { kind: "input"; group: string; name: string; type: TypeAst; fallback?: Expr; pos: Pos }
  | { kind: "table"; name: string; entries: { key: string; value: number; pos: Pos }[]; fallback: number; pos: Pos }
  | { kind: "def"; name: string; params: Named[]; body: Expr; pos: Pos }
  | { kind: "feature"; name: string; expr: Expr; pos: Pos }
  | { kind: "label"; name: string; events: Named[]; withinSeconds?: number; pos: Pos }
  | { kind: "model"; type: string; params: { name: string; value: number; pos: Pos }[]; pos: Pos };

export interface SpecAst {
  packageName: Named;
  decls: Decl[];
}
