/**
 * Extracts which fields of the consumed event each consumer handler reads: `defineConsumer`
 * modules (`record.value` is the event, `record.eventType` its full name) and kafkajs-style
 * `consumer.run({ eachMessage | eachBatch })` handlers that decode `message.value`. Follows property
 * access, optional chaining, literal element access, destructuring (defaults, renames, nesting),
 * aliases, `for...of` and array callbacks, and helper functions of the project (bounded depth), and
 * records the event-type narrowing in force at each read (`if (record.eventType === '...')`,
 * `switch`, early returns).
 * @internal
 */
import { ts } from 'ts-morph';
import type { SourceLocation } from '../../report/diagnostic.ts';
import type { RawConsumer, RawRead } from '../usage.ts';
import type { FunctionLike, ProgramEngine } from './engine.ts';
import { bindingKey, functionOfDeclaration, literalKey, propertyOf, skipOuterExpressions } from './engine.ts';

/** What an expression evaluates to, as far as the consumer analysis cares. */
type Tracked =
  /** A `defineConsumer` record: `.value` is the event, `.eventType` its name. */
  | { kind: 'record' }
  /** The event's type name (`record.eventType`). */
  | { kind: 'eventType' }
  /** The decoded event, at `path` below its root. */
  | { kind: 'event'; path: string[]; root: ts.Node }
  /** kafkajs `eachMessage`/`eachBatch` argument. */
  | { kind: 'payload' }
  | { kind: 'batch' }
  | { kind: 'messages' }
  | { kind: 'message' }
  /** The encoded bytes (`message.value`): a call that takes them decodes the event. */
  | { kind: 'raw' };

interface VisitContext {
  /** The function whose body is being read (narrowing stops at its boundary). */
  boundary: ts.Node;
  depth: number;
  /** Narrowing in force at the helper call that led here. */
  carried: string[] | undefined;
}

const iterationMethods = new Set([
  'map',
  'forEach',
  'filter',
  'find',
  'findLast',
  'some',
  'every',
  'flatMap',
  'reduce',
  'findIndex',
]);
const exitStatements = new Set([
  ts.SyntaxKind.ReturnStatement,
  ts.SyntaxKind.ThrowStatement,
  ts.SyntaxKind.ContinueStatement,
  ts.SyntaxKind.BreakStatement,
]);

/** Finds the consumers of the indexed files and the reads of each. */
export class UsageFinder {
  readonly #engine: ProgramEngine;
  readonly #factories: readonly string[];
  readonly #discriminators: readonly string[];
  readonly #helperDepth: number;
  readonly #tracked = new Map<ts.Symbol, Tracked>();
  #reads: RawRead[] = [];
  /** Consumers recognised by name only (their type was unavailable). */
  readonly notes: Array<{ file: string; reason: string }> = [];
  #visited = new Set<string>();

  constructor(
    engine: ProgramEngine,
    options: { factories: readonly string[]; discriminators: readonly string[]; helperDepth: number },
  ) {
    this.#engine = engine;
    this.#factories = options.factories;
    this.#discriminators = options.discriminators;
    this.#helperDepth = options.helperDepth;
  }

  /** Every consumer found, with its raw (unattributed) reads. */
  findConsumers(): RawConsumer[] {
    const consumers: RawConsumer[] = [];
    for (const factory of this.#factories) {
      for (const call of this.#engine.callsByName.get(factory) ?? []) {
        if (!ts.isCallExpression(call)) continue;
        const consumer = this.#defineConsumer(call);
        if (consumer !== undefined) consumers.push(consumer);
      }
    }
    for (const call of this.#engine.callsByName.get('run') ?? []) {
      if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) continue;
      const consumer = this.#kafkaConsumer(call);
      if (consumer !== undefined) consumers.push(consumer);
    }
    return consumers;
  }

  #defineConsumer(call: ts.CallExpression): RawConsumer | undefined {
    const options =
      call.arguments[0] === undefined ? undefined : this.#engine.resolve(call.arguments[0], undefined);
    if (options?.kind !== 'expr' || !ts.isObjectLiteralExpression(options.node)) return undefined;
    const literal = options.node;
    const handler = this.#functionProperty(literal, 'handle');
    const nameNode = propertyOf(literal, 'name');
    const nameType = nameNode === undefined ? undefined : this.#engine.checker.getTypeAtLocation(nameNode);
    const location = this.#engine.locate(call);
    const consumer: RawConsumer = {
      name: nameType?.isStringLiteral() ? nameType.value : `${location.file}#${location.line}`,
      kind: 'defineConsumer',
      location,
      topics: this.#topics(propertyOf(literal, 'topics')),
      reads: [],
    };
    const first = handler?.parameters[0];
    if (handler === undefined || first === undefined) return consumer;
    consumer.reads = this.#collect(() =>
      this.#bind(first.name, { kind: 'record' }, { boundary: handler, depth: 0, carried: undefined }),
    );
    return consumer;
  }

  #kafkaConsumer(call: ts.CallExpression): RawConsumer | undefined {
    const access = call.expression as ts.PropertyAccessExpression;
    const options =
      call.arguments[0] === undefined ? undefined : this.#engine.resolve(call.arguments[0], undefined);
    if (options?.kind !== 'expr' || !ts.isObjectLiteralExpression(options.node)) return undefined;
    const literal = options.node;
    const eachMessage = this.#functionProperty(literal, 'eachMessage');
    const eachBatch = this.#functionProperty(literal, 'eachBatch');
    const handler = eachMessage ?? eachBatch;
    if (handler === undefined) return undefined;
    const methodSymbol = this.#engine.symbolOf(access.name);
    const module =
      methodSymbol?.declarations?.[0] === undefined
        ? undefined
        : this.#engine.moduleOf(methodSymbol.declarations[0]);
    if (methodSymbol !== undefined && module !== 'kafkajs' && module !== '@confluentinc/kafka-javascript')
      return undefined;
    const location = this.#engine.locate(call);
    if (methodSymbol === undefined) {
      this.notes.push({
        file: location.file,
        reason:
          `the consumer at ${location.line}:${location.column} has no type (is its client package installed and imported?): ` +
          'recognised as kafkajs by its method name and handler',
      });
    }
    const consumer: RawConsumer = {
      name: this.#kafkaConsumerName(access.expression) ?? `${location.file}#${location.line}`,
      kind: methodSymbol === undefined ? 'kafkajs (recognised by name)' : 'kafkajs',
      location,
      topics: this.#subscribedTopics(access.expression),
      reads: [],
    };
    const first = handler.parameters[0];
    if (first === undefined) return consumer;
    consumer.reads = this.#collect(() =>
      this.#bind(first.name, { kind: 'payload' }, { boundary: handler, depth: 0, carried: undefined }),
    );
    return consumer;
  }

  /** The consumer group id when the consumer was created with a literal one, else the variable's name. */
  #kafkaConsumerName(receiver: ts.Expression): string | undefined {
    const resolved = this.#engine.resolve(receiver, undefined);
    if (resolved.kind === 'expr' && ts.isCallExpression(resolved.node)) {
      const config = resolved.node.arguments[0];
      const configValue = config === undefined ? undefined : this.#engine.resolve(config, undefined);
      if (configValue?.kind === 'expr' && ts.isObjectLiteralExpression(configValue.node)) {
        const group = propertyOf(configValue.node, 'groupId');
        const type = group === undefined ? undefined : this.#engine.checker.getTypeAtLocation(group);
        if (type?.isStringLiteral()) return type.value;
      }
    }
    return ts.isIdentifier(receiver) || ts.isPropertyAccessExpression(receiver)
      ? receiver.getText()
      : undefined;
  }

  /** Topics of `subscribe` calls on the same consumer variable. */
  #subscribedTopics(receiver: ts.Expression): string[] {
    const target = this.#engine.symbolOf(ts.isPropertyAccessExpression(receiver) ? receiver.name : receiver);
    if (target === undefined) return [];
    const topics: string[] = [];
    for (const call of this.#engine.callsByName.get('subscribe') ?? []) {
      if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) continue;
      const subscribed = call.expression.expression;
      const symbol = this.#engine.symbolOf(
        ts.isPropertyAccessExpression(subscribed) ? subscribed.name : subscribed,
      );
      if (symbol !== target || call.arguments[0] === undefined) continue;
      const options = this.#engine.resolve(call.arguments[0], undefined);
      if (options.kind !== 'expr' || !ts.isObjectLiteralExpression(options.node)) continue;
      topics.push(
        ...this.#topics(propertyOf(options.node, 'topics')),
        ...this.#topics(propertyOf(options.node, 'topic')),
      );
    }
    return [...new Set(topics)].sort();
  }

  /** The literal topic names of a `topics`/`topic` value (a string, or an array of strings). */
  #topics(node: ts.Expression | undefined): string[] {
    if (node === undefined) return [];
    const resolved = this.#engine.resolve(node, undefined);
    if (resolved.kind !== 'expr') return [];
    const checker = this.#engine.checker;
    if (ts.isArrayLiteralExpression(resolved.node)) {
      return resolved.node.elements.flatMap((element) => {
        const type = checker.getTypeAtLocation(element);
        return type.isStringLiteral() ? [type.value] : [];
      });
    }
    const type = checker.getTypeAtLocation(resolved.node);
    if (type.isStringLiteral()) return [type.value];
    const items = checker.isTupleType(type) ? checker.getTypeArguments(type as ts.TypeReference) : [];
    return items.flatMap((item) => (item.isStringLiteral() ? [item.value] : []));
  }

  #functionProperty(literal: ts.ObjectLiteralExpression, name: string): FunctionLike | undefined {
    for (const property of literal.properties) {
      if (ts.isMethodDeclaration(property) && property.name.getText() === name) return property;
    }
    const value = propertyOf(literal, name);
    if (value === undefined) return undefined;
    const inner = skipOuterExpressions(value);
    if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return inner;
    const symbol = this.#engine.symbolOf(inner);
    for (const declaration of symbol?.declarations ?? []) {
      const fn = functionOfDeclaration(declaration);
      if (fn !== undefined) return fn;
    }
    return undefined;
  }

  #collect(run: () => void): RawRead[] {
    this.#reads = [];
    this.#visited = new Set();
    run();
    return this.#reads;
  }

  /** Binds a declared name (or destructuring pattern) to a tracked value and visits its uses. */
  #bind(name: ts.BindingName, value: Tracked, context: VisitContext): void {
    if (ts.isIdentifier(name)) {
      const symbol = this.#engine.checker.getSymbolAtLocation(name);
      if (symbol === undefined) return;
      const key = `${symbol.getName()}@${name.getSourceFile().fileName}:${name.getStart()}`;
      if (this.#visited.has(key)) return;
      this.#visited.add(key);
      this.#tracked.set(symbol, value);
      for (const reference of this.#references(symbol, name))
        this.#visit(reference, aliasValue(value, reference), context);
      return;
    }
    if (ts.isArrayBindingPattern(name)) {
      for (const element of name.elements) {
        if (ts.isOmittedExpression(element)) continue;
        const item = value.kind === 'messages' ? { kind: 'message' as const } : value;
        if (item.kind === 'event' || item.kind === 'message') this.#bind(element.name, item, context);
      }
      return;
    }
    for (const element of name.elements) {
      if (element.dotDotDotToken !== undefined) {
        this.#bind(element.name, value, context);
        continue;
      }
      const key = bindingKey(element);
      if (key === undefined) continue;
      const next = step(value, key, element);
      if (next === undefined) continue;
      if (next.kind === 'event' && next.path.length > 0 && ts.isIdentifier(element.name)) {
        this.#record(next, element, context);
      }
      this.#bind(element.name, next, context);
    }
  }

  /** Identifiers that refer to `symbol` inside the function (or file) that declares it. */
  #references(symbol: ts.Symbol, declarationName: ts.Identifier): ts.Identifier[] {
    let container: ts.Node = declarationName.getSourceFile();
    for (let node: ts.Node | undefined = declarationName.parent; node !== undefined; node = node.parent) {
      if (ts.isFunctionLike(node) || ts.isSourceFile(node)) {
        container = node;
        break;
      }
    }
    const checker = this.#engine.checker;
    const found: ts.Identifier[] = [];
    const text = declarationName.text;
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && node.text === text && node !== declarationName) {
        const parent = node.parent;
        const referenced = ts.isShorthandPropertyAssignment(parent)
          ? checker.getShorthandAssignmentValueSymbol(parent)
          : checker.getSymbolAtLocation(node);
        const isName =
          (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
          (ts.isPropertyAssignment(parent) && parent.name === node);
        if (referenced === symbol && !isName) found.push(node);
      }
      ts.forEachChild(node, visit);
    };
    visit(container);
    return found;
  }

  /** Follows an expression that evaluates to `value` through its parents, recording reads. */
  #visit(node: ts.Expression, value: Tracked, context: VisitContext): void {
    let current: ts.Expression = node;
    let tracked = value;
    for (let guard = 0; guard < 64; guard++) {
      const parent = current.parent;
      if (
        ts.isParenthesizedExpression(parent) ||
        ts.isNonNullExpression(parent) ||
        ts.isAsExpression(parent) ||
        ts.isSatisfiesExpression(parent) ||
        ts.isTypeAssertionExpression(parent) ||
        ts.isAwaitExpression(parent)
      ) {
        current = parent;
        continue;
      }
      if (ts.isPropertyAccessExpression(parent) && parent.expression === current) {
        const name = parent.name.text;
        const isCallee = ts.isCallExpression(parent.parent) && parent.parent.expression === parent;
        if (isCallee && (tracked.kind === 'event' || tracked.kind === 'messages')) {
          const call = parent.parent as ts.CallExpression;
          if (iterationMethods.has(name)) {
            const callback =
              call.arguments[0] === undefined ? undefined : skipOuterExpressions(call.arguments[0]);
            if (
              callback !== undefined &&
              (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))
            ) {
              const item = tracked.kind === 'messages' ? ({ kind: 'message' } as const) : tracked;
              const parameter = callback.parameters[name === 'reduce' ? 1 : 0];
              if (parameter !== undefined) this.#bind(parameter.name, item, context);
              return;
            }
          }
          // A method of the field's value (`amount.toFixed()`): reading the field itself.
          if (tracked.kind === 'event') this.#record(tracked, current, context);
          return;
        }
        if (tracked.kind === 'raw' && isCallee) {
          current = parent.parent as ts.CallExpression;
          continue;
        }
        const next = step(tracked, name, parent);
        if (next === undefined) return;
        current = parent;
        tracked = next;
        continue;
      }
      if (ts.isElementAccessExpression(parent) && parent.expression === current) {
        const key = literalKey(parent.argumentExpression);
        if (key === undefined) {
          if (tracked.kind === 'event') this.#record(tracked, current, context);
          return;
        }
        const next = /^\d+$/.test(key)
          ? tracked.kind === 'messages'
            ? ({ kind: 'message' } as const)
            : tracked.kind === 'event'
              ? tracked
              : undefined
          : step(tracked, key, parent);
        if (next === undefined) return;
        current = parent;
        tracked = next;
        continue;
      }
      if (ts.isVariableDeclaration(parent) && parent.initializer === current) {
        if (tracked.kind === 'event' && tracked.path.length > 0 && ts.isIdentifier(parent.name)) {
          this.#record(tracked, current, context);
        }
        this.#bind(parent.name, tracked, context);
        return;
      }
      if (ts.isForOfStatement(parent) && parent.expression === current) {
        const item =
          tracked.kind === 'messages'
            ? ({ kind: 'message' } as const)
            : tracked.kind === 'event'
              ? tracked
              : undefined;
        const declaration = ts.isVariableDeclarationList(parent.initializer)
          ? parent.initializer.declarations[0]
          : undefined;
        if (item !== undefined && declaration !== undefined) this.#bind(declaration.name, item, context);
        return;
      }
      if (
        (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
        parent.arguments?.includes(current)
      ) {
        if (tracked.kind === 'raw') {
          const callee = parent.expression.getText();
          // `String(bytes)`, `Buffer.from(bytes)` keep bytes; any other call taking them decodes the event.
          tracked =
            callee === 'String' || callee === 'Buffer.from'
              ? tracked
              : { kind: 'event', path: [], root: parent };
          current = parent;
          continue;
        }
        const fn = this.#engine.calledFunction(parent);
        const index = parent.arguments?.indexOf(current) ?? -1;
        const parameter = fn?.parameters[index];
        if (
          fn !== undefined &&
          parameter !== undefined &&
          context.depth < this.#helperDepth &&
          parameter.dotDotDotToken === undefined
        ) {
          this.#bind(
            parameter.name,
            tracked.kind === 'event' ? { ...tracked, root: parameter.name } : tracked,
            { boundary: fn, depth: context.depth + 1, carried: this.#narrowing(parent, context) },
          );
          return;
        }
        if (tracked.kind === 'event') this.#record(tracked, current, context);
        return;
      }
      if (tracked.kind === 'event') this.#record(tracked, current, context);
      return;
    }
  }

  #record(value: Extract<Tracked, { kind: 'event' }>, node: ts.Node, context: VisitContext): void {
    if (value.path.length === 0) return;
    // Comparing the event's discriminator (`event.type === 'OrderShipped'`) names the event type; it is
    // not a read of a contract field.
    if (
      value.path.length === 1 &&
      this.#discriminators.includes(value.path[0] ?? '') &&
      isDiscriminatorTest(node)
    )
      return;
    const read: RawRead = { path: [...value.path], location: this.#engine.locate(node) as SourceLocation };
    const narrowed = this.#narrowing(node, context);
    if (narrowed !== undefined) read.narrowedTo = narrowed;
    const typeName = this.#rootTypeName(value.root);
    if (typeName !== undefined) read.typeName = typeName;
    this.#reads.push(read);
  }

  #rootTypeName(root: ts.Node): string | undefined {
    const type = this.#engine.checker.getTypeAtLocation(root);
    const nonNullable = this.#engine.checker.getNonNullableType(type);
    if (nonNullable.isUnion()) return undefined;
    const alias = nonNullable.aliasSymbol?.getName();
    if (alias !== undefined) return alias;
    const name = nonNullable.getSymbol()?.getName();
    return name === undefined || name.startsWith('__') ? undefined : name;
  }

  /** The event-type names the code at `node` is narrowed to, combined with the carried narrowing. */
  #narrowing(node: ts.Node, context: VisitContext): string[] | undefined {
    let result = context.carried;
    const narrow = (labels: string[] | undefined) => {
      if (labels === undefined) return;
      result = result === undefined ? labels : result.filter((label) => labels.includes(label));
    };
    let child: ts.Node = node;
    for (
      let parent = node.parent;
      parent !== undefined && child !== context.boundary;
      child = parent, parent = parent.parent
    ) {
      if (ts.isIfStatement(parent)) {
        if (child === parent.thenStatement) narrow(this.#positive(parent.expression));
        else if (child === parent.elseStatement) narrow(this.#negative(parent.expression));
      } else if (ts.isConditionalExpression(parent)) {
        if (child === parent.whenTrue) narrow(this.#positive(parent.condition));
        else if (child === parent.whenFalse) narrow(this.#negative(parent.condition));
      } else if (ts.isBinaryExpression(parent) && parent.right === child) {
        if (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
          narrow(this.#positive(parent.left));
        else if (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken) narrow(this.#negative(parent.left));
      } else if (ts.isCaseClause(parent) && parent.statements.includes(child as ts.Statement)) {
        narrow(this.#caseLabels(parent));
      } else if (ts.isBlock(parent) || ts.isSourceFile(parent)) {
        for (const statement of parent.statements) {
          if (statement === child) break;
          if (
            ts.isIfStatement(statement) &&
            statement.elseStatement === undefined &&
            exits(statement.thenStatement)
          ) {
            narrow(this.#negative(statement.expression));
          }
        }
      }
    }
    return result;
  }

  #caseLabels(clause: ts.CaseClause): string[] | undefined {
    const block = clause.parent;
    if (!this.#isDiscriminator(block.parent.expression)) return undefined;
    const clauses = block.clauses;
    const labels: string[] = [];
    let index = clauses.indexOf(clause);
    for (;;) {
      const current = clauses[index];
      if (current === undefined || !ts.isCaseClause(current)) return undefined;
      const label = this.#literal(current.expression);
      if (label === undefined) return undefined;
      labels.push(label);
      const previous = clauses[index - 1];
      if (previous === undefined || previous.statements.length > 0) return labels;
      index -= 1;
    }
  }

  /** Event types a condition being true narrows to. */
  #positive(condition: ts.Expression): string[] | undefined {
    const inner = skipOuterExpressions(condition);
    if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken)
      return this.#negative(inner.operand);
    if (!ts.isBinaryExpression(inner)) return undefined;
    const operator = inner.operatorToken.kind;
    if (operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken)
      return this.#comparison(inner);
    if (operator === ts.SyntaxKind.BarBarToken) {
      const left = this.#positive(inner.left);
      const right = this.#positive(inner.right);
      return left !== undefined && right !== undefined ? [...left, ...right] : undefined;
    }
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken)
      return this.#positive(inner.left) ?? this.#positive(inner.right);
    return undefined;
  }

  /** Event types a condition being false narrows to. */
  #negative(condition: ts.Expression): string[] | undefined {
    const inner = skipOuterExpressions(condition);
    if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken)
      return this.#positive(inner.operand);
    if (!ts.isBinaryExpression(inner)) return undefined;
    const operator = inner.operatorToken.kind;
    if (
      operator === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      operator === ts.SyntaxKind.ExclamationEqualsToken
    ) {
      return this.#comparison(inner);
    }
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken) {
      const left = this.#negative(inner.left);
      const right = this.#negative(inner.right);
      return left !== undefined && right !== undefined ? [...left, ...right] : undefined;
    }
    return undefined;
  }

  /** `discriminator === 'X'` (either side): the literal, when the other side is a discriminator. */
  #comparison(binary: ts.BinaryExpression): string[] | undefined {
    for (const [a, b] of [
      [binary.left, binary.right],
      [binary.right, binary.left],
    ] as const) {
      if (this.#isDiscriminator(a)) {
        const label = this.#literal(b);
        if (label !== undefined) return [label];
      }
    }
    return undefined;
  }

  #literal(node: ts.Expression): string | undefined {
    const type = this.#engine.checker.getTypeAtLocation(node);
    return type.isStringLiteral() ? type.value : undefined;
  }

  /** True when `node` evaluates to the event type: `record.eventType`, or a discriminator property of the event. */
  #isDiscriminator(node: ts.Expression): boolean {
    const value = this.#evaluate(node);
    if (value === undefined) return false;
    if (value.kind === 'eventType') return true;
    return (
      value.kind === 'event' && value.path.length === 1 && this.#discriminators.includes(value.path[0] ?? '')
    );
  }

  /** What an access chain on tracked names evaluates to, without recording anything. */
  #evaluate(node: ts.Expression): Tracked | undefined {
    const inner = skipOuterExpressions(node);
    if (ts.isIdentifier(inner)) {
      const symbol = this.#engine.checker.getSymbolAtLocation(inner);
      return symbol === undefined ? undefined : this.#tracked.get(symbol);
    }
    if (ts.isPropertyAccessExpression(inner)) {
      const owner = this.#evaluate(inner.expression);
      return owner === undefined ? undefined : step(owner, inner.name.text, inner);
    }
    if (ts.isElementAccessExpression(inner)) {
      const owner = this.#evaluate(inner.expression);
      const key = literalKey(inner.argumentExpression);
      return owner === undefined || key === undefined ? undefined : step(owner, key, inner);
    }
    if (
      ts.isCallExpression(inner) &&
      ts.isPropertyAccessExpression(inner.expression) &&
      inner.expression.name.text === 'toString'
    ) {
      return this.#evaluate(inner.expression.expression);
    }
    return undefined;
  }
}

/** The value of property `key` of a tracked value. */
function step(value: Tracked, key: string, at: ts.Node): Tracked | undefined {
  switch (value.kind) {
    case 'record':
      return key === 'value'
        ? { kind: 'event', path: [], root: at }
        : key === 'eventType'
          ? { kind: 'eventType' }
          : undefined;
    case 'event':
      return { kind: 'event', path: [...value.path, key], root: value.root };
    case 'payload':
      return key === 'message' ? { kind: 'message' } : key === 'batch' ? { kind: 'batch' } : undefined;
    case 'batch':
      return key === 'messages' ? { kind: 'messages' } : undefined;
    case 'message':
      return key === 'value' ? { kind: 'raw' } : undefined;
    default:
      return undefined;
  }
}

/** A tracked value as seen through an alias reference (its root becomes the reference, for type hints). */
function aliasValue(value: Tracked, reference: ts.Node): Tracked {
  return value.kind === 'event' && value.path.length === 0 ? { ...value, root: reference } : value;
}

/** True when `node` is compared with `===`/`!==` (or `==`/`!=`) or switched on. */
function isDiscriminatorTest(node: ts.Node): boolean {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent) || ts.isNonNullExpression(current.parent))
    current = current.parent;
  const parent = current.parent;
  if (ts.isSwitchStatement(parent)) return parent.expression === current;
  if (!ts.isBinaryExpression(parent)) return false;
  const operator = parent.operatorToken.kind;
  return (
    operator === ts.SyntaxKind.EqualsEqualsEqualsToken ||
    operator === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
    operator === ts.SyntaxKind.EqualsEqualsToken ||
    operator === ts.SyntaxKind.ExclamationEqualsToken
  );
}

/** True when a statement always leaves the enclosing block (return, throw, continue, break). */
function exits(statement: ts.Statement): boolean {
  if (exitStatements.has(statement.kind)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && exitStatements.has(last.kind);
  }
  return false;
}
