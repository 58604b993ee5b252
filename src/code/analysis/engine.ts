/**
 * The shared machinery of the code analyses over one TypeScript program: source locations, which
 * module a declaration comes from, an index of call expressions by callee name, and the bounded
 * symbolic resolution that follows values through `const`s, object literals and wrapper-function
 * parameters. Loaded only by `analyzeCode` (it imports ts-morph's TypeScript).
 * @internal
 */
import { ts } from 'ts-morph';
import type { RelatedLocation, SourceLocation } from '../../report/diagnostic.ts';

/** A function-like declaration whose parameters a call site may bind. */
export type FunctionLike = ts.SignatureDeclaration & { body?: ts.Node | undefined };

/**
 * Where a value is being resolved: inside function `fn` as called by `call` (its parameters are
 * bound to that call's arguments), whose arguments are in turn resolved in `outer`.
 */
export interface CallScope {
  fn: FunctionLike;
  call: ts.CallExpression | ts.NewExpression;
  outer: CallScope | undefined;
}

/** The outcome of resolving an expression. */
export type Resolved =
  /** An expression that could not be followed further, and the scope its identifiers live in. */
  | { kind: 'expr'; node: ts.Expression; scope: CallScope | undefined; written?: ts.Expression }
  /** A parameter of a function no scope binds: the value comes from that function's callers. */
  | { kind: 'param'; node: ts.Node; fn: FunctionLike; written?: ts.Expression }
  /** An argument or property that is not there at all (`undefined` at run time). */
  | { kind: 'absent'; node: ts.Node };

/** Per-program analysis state. */
export class ProgramEngine {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly root: string;
  /** Call expressions (and `new` expressions) of the scanned files, by callee name (`send`, `publishEvent`). */
  readonly callsByName = new Map<string, Array<ts.CallExpression | ts.NewExpression>>();
  readonly #specifiersByFile = new Map<string, string>();
  #specifiersIndexed = false;

  constructor(program: ts.Program, root: string) {
    this.program = program;
    this.checker = program.getTypeChecker();
    this.root = root.endsWith('/') ? root : `${root}/`;
  }

  /** Path of `file` relative to the project root, with `/` separators. */
  relative(fileName: string): string {
    const normalized = fileName.replace(/\\/g, '/');
    return normalized.startsWith(this.root) ? normalized.slice(this.root.length) : normalized;
  }

  /** The exact span of `node` (1-based line and column, end exclusive column). */
  locate(node: ts.Node): SourceLocation {
    const sourceFile = node.getSourceFile();
    const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
    return {
      file: this.relative(sourceFile.fileName),
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
    };
  }

  /** `locate` with a message, for `related` locations. */
  relate(node: ts.Node, message: string): RelatedLocation {
    return { ...this.locate(node), message };
  }

  /** Indexes every call and `new` expression of `sourceFile` by its callee's name. */
  indexCalls(sourceFile: ts.SourceFile): void {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const name = calleeName(node.expression);
        if (name !== undefined) {
          const list = this.callsByName.get(name);
          if (list === undefined) this.callsByName.set(name, [node]);
          else list.push(node);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }

  /**
   * The module a declaration comes from: the name of an enclosing `declare module '...'`, the
   * package of a file under `node_modules`, or the bare specifier the project imports the file by
   * (a `paths`-mapped stand-in). `undefined` for the project's own files.
   */
  moduleOf(declaration: ts.Node): string | undefined {
    for (let node: ts.Node | undefined = declaration; node !== undefined; node = node.parent) {
      if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) return node.name.text;
    }
    const fileName = declaration.getSourceFile().fileName.replace(/\\/g, '/');
    const inPackages = fileName.lastIndexOf('/node_modules/');
    if (inPackages >= 0) {
      const parts = fileName.slice(inPackages + '/node_modules/'.length).split('/');
      const first = parts[0] ?? '';
      if (first === '.prisma') return '@prisma/client';
      if (first === '@types') {
        const typed = parts[1] ?? '';
        return typed.includes('__') ? `@${typed.replace('__', '/')}` : typed;
      }
      return first.startsWith('@') ? `${first}/${parts[1] ?? ''}` : first;
    }
    this.#indexSpecifiers();
    return this.#specifiersByFile.get(fileName);
  }

  #indexSpecifiers(): void {
    if (this.#specifiersIndexed) return;
    this.#specifiersIndexed = true;
    for (const sourceFile of this.program.getSourceFiles()) {
      if (sourceFile.isDeclarationFile && sourceFile.fileName.includes('/node_modules/')) continue;
      for (const statement of sourceFile.statements) {
        const specifier =
          (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
          statement.moduleSpecifier
            ? statement.moduleSpecifier
            : undefined;
        if (specifier === undefined || !ts.isStringLiteral(specifier)) continue;
        if (specifier.text.startsWith('.') || specifier.text.startsWith('/')) continue;
        const target = this.checker.getSymbolAtLocation(specifier)?.declarations?.[0]?.getSourceFile();
        if (target === undefined) continue;
        const targetName = target.fileName.replace(/\\/g, '/');
        if (!this.#specifiersByFile.has(targetName)) this.#specifiersByFile.set(targetName, specifier.text);
      }
    }
  }

  /** The symbol a name refers to, looking through import aliases. */
  symbolOf(node: ts.Node): ts.Symbol | undefined {
    const symbol = this.checker.getSymbolAtLocation(node);
    if (symbol === undefined) return undefined;
    return symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
  }

  /** True when `file` is one of the project's own sources (not a declaration file, not a package). */
  isProjectSource(sourceFile: ts.SourceFile): boolean {
    return !sourceFile.isDeclarationFile && !sourceFile.fileName.includes('/node_modules/');
  }

  /**
   * Follows `node` to the expression that produces its value, within `scope`: through parentheses
   * and type assertions, `const` initializers (also across imports), destructuring, properties of
   * object literals, and parameters bound by the scope's call. Stops at anything else.
   */
  resolve(node: ts.Expression, scope: CallScope | undefined, depth = 0): Resolved {
    const resolved = this.#resolve(node, scope, depth);
    // `written`: the expression as written where the value enters this scope (the argument of the
    // outermost wrapper call, or `node`), which is where findings about the value belong.
    if (resolved.kind !== 'absent' && resolved.written === undefined) resolved.written = node;
    return resolved;
  }

  #resolve(node: ts.Expression, scope: CallScope | undefined, depth: number): Resolved {
    if (depth > 24) return { kind: 'expr', node, scope };
    const inner = skipOuterExpressions(node);
    if (ts.isIdentifier(inner)) {
      if (inner.text === 'undefined' && this.checker.getSymbolAtLocation(inner)?.declarations === undefined) {
        return { kind: 'absent', node: inner };
      }
      const symbol = ts.isShorthandPropertyAssignment(inner.parent)
        ? this.checker.getShorthandAssignmentValueSymbol(inner.parent)
        : this.symbolOf(inner);
      const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
      if (declaration === undefined) return { kind: 'expr', node: inner, scope };
      return this.resolveDeclaration(declaration, inner, scope, depth);
    }
    if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) {
      const name = ts.isPropertyAccessExpression(inner)
        ? inner.name.text
        : literalKey(inner.argumentExpression);
      if (name === undefined) return { kind: 'expr', node: inner, scope };
      const owner = this.#resolve(inner.expression, scope, depth + 1);
      if (owner.kind === 'param') return owner;
      if (owner.kind === 'expr' && ts.isObjectLiteralExpression(owner.node)) {
        const property = propertyOf(owner.node, name);
        if (property === undefined) return { kind: 'expr', node: inner, scope };
        return this.#resolve(property, owner.scope, depth + 1);
      }
      return { kind: 'expr', node: inner, scope };
    }
    return { kind: 'expr', node: inner, scope };
  }

  /** Resolves the value a declaration gives `reference`. */
  resolveDeclaration(
    declaration: ts.Declaration,
    reference: ts.Expression,
    scope: CallScope | undefined,
    depth: number,
  ): Resolved {
    if (ts.isParameter(declaration) && ts.isIdentifier(declaration.name)) {
      return this.resolveParameter(declaration, [], reference, scope, depth);
    }
    if (ts.isBindingElement(declaration)) {
      const path: string[] = [];
      let element: ts.Node = declaration;
      while (ts.isBindingElement(element)) {
        const key = bindingKey(element);
        if (key === undefined) return { kind: 'expr', node: reference, scope };
        path.unshift(key);
        const pattern: ts.Node = element.parent;
        element = pattern.parent;
        if (ts.isArrayBindingPattern(pattern)) return { kind: 'expr', node: reference, scope };
      }
      if (ts.isParameter(element)) return this.resolveParameter(element, path, reference, scope, depth);
      if (ts.isVariableDeclaration(element) && element.initializer !== undefined) {
        return this.resolvePath(this.#resolve(element.initializer, scope, depth + 1), path, reference, depth);
      }
      return { kind: 'expr', node: reference, scope };
    }
    if (
      ts.isVariableDeclaration(declaration) &&
      ts.isIdentifier(declaration.name) &&
      declaration.initializer !== undefined &&
      ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const
    ) {
      return this.#resolve(declaration.initializer, scope, depth + 1);
    }
    return { kind: 'expr', node: reference, scope };
  }

  #findScope(fn: FunctionLike, scope: CallScope | undefined): CallScope | undefined {
    for (let current = scope; current !== undefined; current = current.outer) {
      if (current.fn === fn) return current;
    }
    return undefined;
  }

  resolveParameter(
    parameter: ts.ParameterDeclaration,
    path: string[],
    reference: ts.Expression,
    scope: CallScope | undefined,
    depth: number,
  ): Resolved {
    const fn = parameter.parent as FunctionLike;
    const bound = this.#findScope(fn, scope);
    if (bound === undefined) return { kind: 'param', node: path.length === 0 ? parameter : reference, fn };
    const position = fn.parameters.indexOf(parameter);
    const argument = bound.call.arguments?.[position];
    if (parameter.dotDotDotToken !== undefined) return { kind: 'expr', node: reference, scope };
    if (argument === undefined) {
      if (parameter.initializer !== undefined) {
        return this.resolvePath(
          this.#resolve(parameter.initializer, bound, depth + 1),
          path,
          reference,
          depth,
        );
      }
      return { kind: 'absent', node: bound.call };
    }
    const value = this.#resolve(argument, bound.outer, depth + 1);
    if (value.kind !== 'absent' && value.written === undefined) value.written = argument;
    return this.resolvePath(value, path, reference, depth);
  }

  /** Follows property `path` from an already resolved value. */
  resolvePath(start: Resolved, path: readonly string[], reference: ts.Expression, depth: number): Resolved {
    let current = start;
    for (const key of path) {
      if (current.kind !== 'expr') return current;
      if (!ts.isObjectLiteralExpression(current.node))
        return { kind: 'expr', node: reference, scope: current.scope };
      const property = propertyOf(current.node, key);
      if (property === undefined) return { kind: 'absent', node: current.node };
      current = this.#resolve(property, current.scope, depth + 1);
    }
    return current;
  }

  /**
   * The function declarations `call` invokes when they are the project's own code (with a body), so
   * the analysis can follow values into them.
   */
  calledFunction(call: ts.CallExpression | ts.NewExpression): FunctionLike | undefined {
    const symbol = this.symbolOf(
      ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression,
    );
    for (const declaration of symbol?.declarations ?? []) {
      const fn = functionOfDeclaration(declaration);
      if (fn?.body !== undefined && this.isProjectSource(fn.getSourceFile())) return fn;
    }
    return undefined;
  }

  /** The calls (among the indexed files) that invoke `fn`. */
  callersOf(fn: FunctionLike): Array<ts.CallExpression | ts.NewExpression> {
    const name = functionName(fn);
    if (name === undefined) return [];
    return (this.callsByName.get(name) ?? []).filter((call) => this.calledFunction(call) === fn);
  }
}

/** The function a declaration denotes: itself, or the function a `const` or property is initialised with. */
export function functionOfDeclaration(declaration: ts.Node): FunctionLike | undefined {
  if (
    ts.isFunctionDeclaration(declaration) ||
    ts.isMethodDeclaration(declaration) ||
    ts.isFunctionExpression(declaration) ||
    ts.isArrowFunction(declaration)
  ) {
    return declaration;
  }
  if (
    (ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration)) &&
    declaration.initializer
  ) {
    const initializer = skipOuterExpressions(declaration.initializer);
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}

/** The name a function is called by: its own, or the variable or property it is assigned to. */
export function functionName(fn: FunctionLike): string | undefined {
  if (fn.name !== undefined && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name)))
    return fn.name.text;
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  return undefined;
}

/** The name of a call's callee: `send` for `producer.send(...)`, `publish` for `publish(...)`. */
export function calleeName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/** Strips parentheses, `as`, `satisfies`, `!` and `<T>` assertions. */
export function skipOuterExpressions(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isTypeAssertionExpression(current)
    ) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** The text of a literal property key (`['amount']`, `[0]`), or undefined when it is computed. */
export function literalKey(node: ts.Expression): string | undefined {
  const inner = skipOuterExpressions(node);
  if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner) || ts.isNumericLiteral(inner)) {
    return inner.text;
  }
  return undefined;
}

/** The name of a property name node, when it is static. */
export function propertyNameText(name: ts.PropertyName): string | undefined {
  if (
    ts.isIdentifier(name) ||
    ts.isStringLiteral(name) ||
    ts.isNumericLiteral(name) ||
    ts.isPrivateIdentifier(name)
  ) {
    return name.text;
  }
  if (ts.isComputedPropertyName(name)) return literalKey(name.expression);
  return undefined;
}

/** The property key a binding element reads (`a` in `{ a: b = 1 }`), when static. */
export function bindingKey(element: ts.BindingElement): string | undefined {
  if (element.propertyName !== undefined) return propertyNameText(element.propertyName);
  return ts.isIdentifier(element.name) ? element.name.text : undefined;
}

/** The value expression of property `name` of an object literal (the last one written wins). */
export function propertyOf(literal: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  for (const property of literal.properties) {
    if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === name)
      found = property.initializer;
    else if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) found = property.name;
  }
  return found;
}

/** The property assignment node of `name` in an object literal, for locations. */
export function propertyNode(
  literal: ts.ObjectLiteralExpression,
  name: string,
): ts.ObjectLiteralElementLike | undefined {
  let found: ts.ObjectLiteralElementLike | undefined;
  for (const property of literal.properties) {
    if (
      (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) &&
      property.name !== undefined &&
      propertyNameText(property.name) === name
    ) {
      found = property;
    }
  }
  return found;
}

/** The enclosing function's (or class method's) name of `node`, or `<module>` at top level. */
export function siteName(node: ts.Node): string {
  for (let current: ts.Node | undefined = node.parent; current !== undefined; current = current.parent) {
    if (ts.isFunctionLike(current)) {
      const name = functionName(current as FunctionLike);
      if (name !== undefined) {
        const owner = current.parent;
        if (ts.isClassLike(owner) && owner.name !== undefined) return `${owner.name.text}.${name}`;
        return name;
      }
    }
  }
  return '<module>';
}
