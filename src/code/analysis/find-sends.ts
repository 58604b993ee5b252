/**
 * Finds every send to Kafka in the scanned files and turns it into `SendSite` facts: kafkajs
 * `send`/`sendBatch`, `@platformatic/kafka` `send`, `@confluentinc/kafka-javascript` (its KafkaJS
 * API and the node-rdkafka `produce`), configured wrapper functions, and sends through the project's
 * own wrapper functions (followed to their call sites). Producers are recognised by the type checker
 * (the called method is declared by the client's module); only when the receiver has no type are
 * they recognised by method name and argument shape, and that is reported.
 * @internal
 */
import { ts } from 'ts-morph';
import type { RelatedLocation } from '../../report/diagnostic.ts';
import type { CodeAnalysisConfig, WrapperConfig } from '../config.ts';
import type {
  EntityFact,
  KeyFact,
  MessageFact,
  PayloadFact,
  PayloadShape,
  ProducerClient,
  SendSite,
  ShapeProperty,
  TopicFact,
} from '../facts.ts';
import type { CallScope, FunctionLike, ProgramEngine, Resolved } from './engine.ts';
import {
  functionName,
  propertyNameText,
  propertyNode,
  propertyOf,
  siteName,
  skipOuterExpressions,
} from './engine.ts';

/** A file the analysis could not (fully) analyse, and why. */
export interface AnalysisNote {
  file: string;
  reason: string;
}

type SendCall = ts.CallExpression;

interface Recognised {
  client: ProducerClient;
  identifiedBy: 'type' | 'name';
  wrapper?: WrapperConfig;
}

interface ChainLink {
  fn: FunctionLike;
  call: ts.CallExpression | ts.NewExpression;
}

const producerModules: Record<string, (method: string) => ProducerClient | undefined> = {
  kafkajs: (method) => (method === 'send' || method === 'sendBatch' ? 'kafkajs' : undefined),
  '@platformatic/kafka': (method) => (method === 'send' ? 'platformatic-kafka' : undefined),
  '@confluentinc/kafka-javascript': (method) =>
    method === 'produce'
      ? 'confluent-rdkafka'
      : method === 'send' || method === 'sendBatch'
        ? 'confluent-kafkajs'
        : undefined,
  'node-rdkafka': (method) => (method === 'produce' ? 'confluent-rdkafka' : undefined),
};

const headerNamesForEventType = /^(event[-_.]?type|ce[-_]type|type)$/i;

/** Finds the sends of the indexed files (see `ProgramEngine.indexCalls`). */
export class SendFinder {
  readonly #engine: ProgramEngine;
  readonly #config: CodeAnalysisConfig;
  readonly #entityTypes: ReadonlySet<string>;
  readonly #discriminators: readonly string[];
  readonly #maxWrapperDepth: number;
  readonly #entityCache = new Map<ts.Type, EntityFact['origin'] | null>();
  readonly notes: AnalysisNote[] = [];

  readonly #partial: boolean;

  /**
   * `partial`: only some of the project's files are indexed (incremental analysis), so a wrapper
   * without indexed callers may still have callers elsewhere: such sends are noted, not judged.
   */
  constructor(
    engine: ProgramEngine,
    config: CodeAnalysisConfig,
    discriminators: readonly string[],
    partial = false,
  ) {
    this.#partial = partial;
    this.#engine = engine;
    this.#config = config;
    this.#entityTypes = new Set(config.entityTypes ?? []);
    this.#discriminators = discriminators;
    this.#maxWrapperDepth = config.wrapperDepth ?? 4;
  }

  /** Every send found, each located at the outermost call the analysis followed it to. */
  findSends(): SendSite[] {
    const sites: SendSite[] = [];
    const methods = ['send', 'sendBatch', 'produce'];
    for (const method of methods) {
      for (const call of this.#engine.callsByName.get(method) ?? []) {
        if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) continue;
        const recognised = this.#recognise(call, method);
        if (recognised === undefined) continue;
        sites.push(...this.#expand(call, recognised, [], 0));
      }
    }
    for (const wrapper of this.#config.wrappers ?? []) {
      for (const call of this.#engine.callsByName.get(wrapper.name) ?? []) {
        if (!ts.isCallExpression(call) || this.#engine.calledFunction(call) !== undefined) continue;
        sites.push(
          ...this.#expand(call, { client: 'configured-wrapper', identifiedBy: 'name', wrapper }, [], 0),
        );
      }
    }
    return sites;
  }

  /** Whether `call` sends to Kafka, and through which client. */
  #recognise(call: SendCall, method: string): Recognised | undefined {
    const access = call.expression as ts.PropertyAccessExpression;
    const checker = this.#engine.checker;
    const methodSymbol = this.#engine.symbolOf(access.name);
    for (const declaration of methodSymbol?.declarations ?? []) {
      const module = this.#engine.moduleOf(declaration);
      const client = module === undefined ? undefined : producerModules[module]?.(method);
      if (client !== undefined) return { client, identifiedBy: 'type' };
    }
    if (methodSymbol !== undefined) return undefined;
    const receiverType = checker.getTypeAtLocation(access.expression);
    if (!(receiverType.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) return undefined;
    const client = clientByShape(call, method);
    if (client === undefined) return undefined;
    const where = this.#engine.locate(call);
    this.notes.push({
      file: where.file,
      reason:
        `the producer at ${where.line}:${where.column} has no type (is its client package installed and imported?): ` +
        `recognised as ${client} by its method name and arguments`,
    });
    return { client, identifiedBy: 'name' };
  }

  /** Extracts the send in `chain`'s scope; follows wrapper parameters to the wrapper's callers. */
  #expand(call: SendCall, recognised: Recognised, chain: ChainLink[], depth: number): SendSite[] {
    let scope: CallScope | undefined;
    for (let index = chain.length - 1; index >= 0; index--) {
      const link = chain[index];
      if (link !== undefined) scope = { fn: link.fn, call: link.call, outer: scope };
    }
    const hits = new Set<FunctionLike>();
    const messages = this.#messages(call, recognised, scope, hits);
    let unresolvedWrapper: string | undefined;
    if (depth < this.#maxWrapperDepth) {
      for (const fn of hits) {
        const name = functionName(fn);
        if (name === undefined || chain.some((link) => link.fn === fn)) continue;
        const callers = this.#engine.callersOf(fn);
        if (callers.length === 0) {
          unresolvedWrapper ??= name;
          continue;
        }
        return callers.flatMap((caller) =>
          this.#expand(call, recognised, [...chain, { fn, call: caller }], depth + 1),
        );
      }
    }
    if (unresolvedWrapper !== undefined && this.#partial) {
      for (const message of messages) {
        if (message.topic.kind !== 'dynamic' || message.topic.callersNotAnalysed === undefined) continue;
        const where = message.topic.location;
        this.notes.push({
          file: where.file,
          reason:
            `the topic at ${where.line}:${where.column} is a parameter of \`${unresolvedWrapper}\`, ` +
            'whose callers are not among the analysed files: not resolved',
        });
      }
    }
    const outermost = chain[chain.length - 1]?.call ?? call;
    const via: RelatedLocation[] = [];
    for (let index = chain.length - 2; index >= 0; index--) {
      const link = chain[index];
      if (link !== undefined)
        via.push(this.#engine.relate(link.call, `passed on to \`${functionName(link.fn) ?? 'a function'}\``));
    }
    if (chain.length > 0) via.push(this.#engine.relate(call, `sent to Kafka here (${recognised.client})`));
    return [
      {
        location: this.#engine.locate(outermost),
        client: recognised.client,
        identifiedBy: recognised.identifiedBy,
        via,
        site: siteName(outermost),
        call: this.#engine.locate(call),
        ...(unresolvedWrapper === undefined ? {} : { unresolvedWrapper }),
        messages,
      },
    ];
  }

  #resolve(node: ts.Expression, scope: CallScope | undefined, hits: Set<FunctionLike>): Resolved {
    const resolved = this.#engine.resolve(node, scope);
    if (resolved.kind === 'param') hits.add(resolved.fn);
    return resolved;
  }

  /** The messages of one send, per client API. */
  #messages(
    call: SendCall,
    recognised: Recognised,
    scope: CallScope | undefined,
    hits: Set<FunctionLike>,
  ): MessageFact[] {
    const argument = (index: number) => call.arguments[index];
    if (recognised.client === 'confluent-rdkafka') {
      const topic = this.#topic(argument(0), call, scope, hits);
      return [
        {
          location: this.#engine.locate(call),
          topic,
          key: this.#key(argument(3), call, scope, hits),
          ...this.#payloadPart(argument(2), scope, hits),
        },
      ];
    }
    if (recognised.client === 'configured-wrapper' && recognised.wrapper !== undefined) {
      const wrapper = recognised.wrapper;
      const part = (path: number | string | undefined) =>
        path === undefined ? undefined : this.#argumentPath(call, path, scope, hits);
      const topicValue = part(wrapper.topic);
      const keyValue = part(wrapper.key);
      return [
        {
          location: this.#engine.locate(call),
          topic:
            topicValue === undefined
              ? { kind: 'dynamic', text: `${wrapper.name}(...)`, location: this.#engine.locate(call) }
              : this.#topicOf(topicValue, call),
          key:
            wrapper.key === undefined
              ? { kind: 'varying', location: this.#engine.locate(call) }
              : this.#keyOf(keyValue, call),
          ...this.#payloadOf(part(wrapper.payload)),
        },
      ];
    }
    const first = argument(0);
    if (first === undefined) return [];
    const record = this.#resolve(first, scope, hits);
    const recordLiteral =
      record.kind === 'expr' && ts.isObjectLiteralExpression(record.node) ? record.node : undefined;
    const recordScope = record.kind === 'expr' ? record.scope : scope;
    if (recordLiteral === undefined) {
      // The record is built elsewhere: judge its messages from their type alone.
      return this.#opaqueMessages(record, call);
    }
    const messages: MessageFact[] = [];
    if (ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'sendBatch') {
      for (const batch of this.#elements(propertyOf(recordLiteral, 'topicMessages'), recordScope, hits)) {
        if (batch.kind !== 'expr' || !ts.isObjectLiteralExpression(batch.node)) continue;
        const topic = this.#topic(propertyOf(batch.node, 'topic'), batch.node, batch.scope, hits);
        messages.push(
          ...this.#messageList(propertyOf(batch.node, 'messages'), topic, batch.scope, hits, batch.node),
        );
      }
      return messages;
    }
    if (recognised.client === 'platformatic-kafka') {
      return this.#messageList(
        propertyOf(recordLiteral, 'messages'),
        undefined,
        recordScope,
        hits,
        recordLiteral,
      );
    }
    const topic = this.#topic(propertyOf(recordLiteral, 'topic'), recordLiteral, recordScope, hits);
    return this.#messageList(propertyOf(recordLiteral, 'messages'), topic, recordScope, hits, recordLiteral);
  }

  #argumentPath(
    call: ts.CallExpression,
    path: number | string,
    scope: CallScope | undefined,
    hits: Set<FunctionLike>,
  ): Resolved {
    const [index, ...properties] = String(path).split('.');
    const argument = call.arguments[Number(index)];
    if (argument === undefined) return { kind: 'absent', node: call };
    return this.#engine.resolvePath(this.#resolve(argument, scope, hits), properties, argument, 0);
  }

  /** The items of an array-valued expression: literal elements, spreads, and `.map(cb)` results. */
  #elements(
    node: ts.Expression | undefined,
    scope: CallScope | undefined,
    hits: Set<FunctionLike>,
    depth = 0,
  ): Resolved[] {
    if (node === undefined) return [];
    const resolved = this.#resolve(node, scope, hits);
    if (resolved.kind !== 'expr' || depth > 4) return [resolved];
    const array = resolved.node;
    if (ts.isArrayLiteralExpression(array)) {
      return array.elements.flatMap((element) =>
        ts.isSpreadElement(element)
          ? this.#elements(element.expression, resolved.scope, hits, depth + 1)
          : [this.#resolve(element, resolved.scope, hits)],
      );
    }
    if (
      ts.isCallExpression(array) &&
      ts.isPropertyAccessExpression(array.expression) &&
      (array.expression.name.text === 'map' || array.expression.name.text === 'flatMap')
    ) {
      const callback =
        array.arguments[0] === undefined ? undefined : skipOuterExpressions(array.arguments[0]);
      if (callback !== undefined && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
        return returnedExpressions(callback).map((returned) => this.#resolve(returned, resolved.scope, hits));
      }
    }
    return [resolved];
  }

  #messageList(
    node: ts.Expression | undefined,
    topic: TopicFact | undefined,
    scope: CallScope | undefined,
    hits: Set<FunctionLike>,
    owner: ts.Node,
  ): MessageFact[] {
    const messages: MessageFact[] = [];
    for (const item of this.#elements(node, scope, hits)) {
      if (item.kind === 'expr' && ts.isObjectLiteralExpression(item.node)) {
        const literal = item.node;
        const messageTopic = topic ?? this.#topic(propertyOf(literal, 'topic'), literal, item.scope, hits);
        const keyNode = propertyNode(literal, 'key');
        const hasSpread = literal.properties.some(ts.isSpreadAssignment);
        const key: KeyFact =
          keyNode === undefined
            ? hasSpread
              ? this.#keyFromType(this.#engine.checker.getTypeAtLocation(literal), literal)
              : { kind: 'missing' }
            : this.#key(propertyOf(literal, 'key'), keyNode, item.scope, hits);
        const message: MessageFact = {
          location: this.#engine.locate(literal),
          topic: messageTopic,
          key,
          ...this.#payloadPart(propertyOf(literal, 'value'), item.scope, hits),
        };
        const header = this.#eventTypeHeader(propertyOf(literal, 'headers'), item.scope, hits);
        if (header !== undefined) message.eventTypeHeader = header;
        messages.push(message);
      } else {
        const at = item.kind === 'absent' ? owner : item.node;
        messages.push({
          location: this.#engine.locate(at),
          topic: topic ?? { kind: 'dynamic', text: at.getText(), location: this.#engine.locate(at) },
          key: this.#keyFromType(
            elementType(this.#engine.checker, this.#engine.checker.getTypeAtLocation(at)),
            at,
          ),
        });
      }
    }
    return messages;
  }

  #opaqueMessages(record: Resolved, call: SendCall): MessageFact[] {
    const checker = this.#engine.checker;
    const node = record.kind === 'absent' ? call : record.node;
    const recordType = checker.getTypeAtLocation(node);
    const messagesSymbol = recordType.getProperty('messages');
    if (messagesSymbol === undefined) return [];
    const messageType = elementType(checker, checker.getTypeOfSymbolAtLocation(messagesSymbol, node));
    const topicSymbol = recordType.getProperty('topic');
    const topicType =
      topicSymbol === undefined ? undefined : checker.getTypeOfSymbolAtLocation(topicSymbol, node);
    const topic: TopicFact =
      topicType?.isStringLiteral() === true
        ? { kind: 'literal', value: topicType.value, location: this.#engine.locate(node) }
        : { kind: 'dynamic', text: `${node.getText()}.topic`, location: this.#engine.locate(node) };
    return [{ location: this.#engine.locate(node), topic, key: this.#keyFromType(messageType, node) }];
  }

  #topic(
    node: ts.Expression | undefined,
    owner: ts.Node,
    scope: CallScope | undefined,
    hits: Set<FunctionLike>,
  ): TopicFact {
    if (node === undefined)
      return { kind: 'dynamic', text: 'undefined', location: this.#engine.locate(owner) };
    return this.#topicOf(this.#resolve(node, scope, hits), owner);
  }

  #topicOf(resolved: Resolved | undefined, owner: ts.Node): TopicFact {
    if (resolved === undefined || resolved.kind === 'absent') {
      return { kind: 'dynamic', text: 'undefined', location: this.#engine.locate(resolved?.node ?? owner) };
    }
    const node = resolved.kind === 'param' ? nameOf(resolved.node) : resolved.node;
    const type = this.#engine.checker.getTypeAtLocation(node);
    if (type.isStringLiteral())
      return { kind: 'literal', value: type.value, location: this.#engine.locate(node) };
    const topic: TopicFact = { kind: 'dynamic', text: node.getText(), location: this.#engine.locate(node) };
    // Incremental analysis sees only some callers: a parameter topic is unknown, not dynamic.
    if (resolved.kind === 'param' && this.#partial) topic.callersNotAnalysed = true;
    return topic;
  }

  #key(
    node: ts.Expression | undefined,
    owner: ts.Node,
    scope: CallScope | undefined,
    hits: Set<FunctionLike>,
  ): KeyFact {
    if (node === undefined) return { kind: 'undefined', location: this.#engine.locate(owner) };
    return this.#keyOf(this.#resolve(node, scope, hits), owner);
  }

  #keyOf(resolved: Resolved | undefined, owner: ts.Node): KeyFact {
    if (resolved === undefined) return { kind: 'varying', location: this.#engine.locate(owner) };
    if (resolved.kind === 'absent')
      return { kind: 'undefined', location: this.#engine.locate(resolved.node) };
    const node = resolved.kind === 'param' ? nameOf(resolved.node) : resolved.node;
    if (node.kind === ts.SyntaxKind.NullKeyword) return { kind: 'null', location: this.#engine.locate(node) };
    if (ts.isVoidExpression(node)) return { kind: 'undefined', location: this.#engine.locate(node) };
    if (
      ts.isCallExpression(node) &&
      node.getText().startsWith('Buffer.from(') &&
      node.arguments.length >= 1 &&
      node.arguments[0] !== undefined
    ) {
      const bytes = this.#engine.checker.getTypeAtLocation(node.arguments[0]);
      if (bytes.isStringLiteral())
        return { kind: 'constant', value: bytes.value, location: this.#engine.locate(node) };
    }
    return this.#keyFromType(this.#engine.checker.getTypeAtLocation(node), node);
  }

  /** Judges a key by its type: `null`/`undefined` only, one literal, or absent from a message type. */
  #keyFromType(type: ts.Type, at: ts.Node): KeyFact {
    const location = this.#engine.locate(at);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { kind: 'varying', location };
    const keySymbol =
      type.flags & ts.TypeFlags.Object || type.isUnionOrIntersection() ? type.getProperty('key') : undefined;
    const isMessageType =
      (type.flags & ts.TypeFlags.Object) !== 0 &&
      (type.getProperty('value') !== undefined || keySymbol !== undefined);
    const keyType = isMessageType
      ? keySymbol === undefined
        ? undefined
        : this.#engine.checker.getTypeOfSymbolAtLocation(keySymbol, at)
      : type;
    if (keyType === undefined) return { kind: 'missing' };
    const parts = keyType.isUnion() ? keyType.types : [keyType];
    if (
      parts.every((part) => part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void))
    ) {
      return { kind: parts.some((part) => part.flags & ts.TypeFlags.Null) ? 'null' : 'undefined', location };
    }
    if (keyType.isStringLiteral() || keyType.isNumberLiteral()) {
      return { kind: 'constant', value: String(keyType.value), location };
    }
    return { kind: 'varying', location };
  }

  #eventTypeHeader(
    node: ts.Expression | undefined,
    scope: CallScope | undefined,
    hits: Set<FunctionLike>,
  ): string | undefined {
    if (node === undefined) return undefined;
    const headers = this.#resolve(node, scope, hits);
    if (headers.kind !== 'expr' || !ts.isObjectLiteralExpression(headers.node)) return undefined;
    for (const property of headers.node.properties) {
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
      const name = propertyNameText(property.name);
      if (name === undefined || !headerNamesForEventType.test(name)) continue;
      const value = propertyOf(headers.node, name);
      if (value === undefined) continue;
      const resolved = this.#resolve(value, headers.scope, hits);
      if (resolved.kind !== 'expr') continue;
      let valueNode = resolved.node;
      if (ts.isCallExpression(valueNode) && valueNode.arguments[0] !== undefined)
        valueNode = valueNode.arguments[0];
      const type = this.#engine.checker.getTypeAtLocation(valueNode);
      if (type.isStringLiteral()) return type.value;
    }
    return undefined;
  }

  #payloadPart(
    node: ts.Expression | undefined,
    scope: CallScope | undefined,
    hits: Set<FunctionLike>,
  ): { payload?: PayloadFact } {
    if (node === undefined) return {};
    return this.#payloadOf(this.#resolve(node, scope, hits), hits);
  }

  #payloadOf(resolved: Resolved | undefined, hits?: Set<FunctionLike>): { payload?: PayloadFact } {
    if (resolved === undefined) return {};
    const found = this.#unwrapSerializer(resolved, hits ?? new Set(), 0);
    if (found === undefined) return {};
    return { payload: this.#payloadFact(found) };
  }

  /** Looks through serializers (`JSON.stringify(x)`, `Buffer.from(...)`, `await registry.encode(id, x)`) to the event object. */
  #unwrapSerializer(
    resolved: Resolved,
    hits: Set<FunctionLike>,
    depth: number,
  ): { node: ts.Node; written: ts.Node; type: ts.Type } | undefined {
    const checker = this.#engine.checker;
    if (resolved.kind === 'absent' || depth > 6) return undefined;
    if (resolved.kind === 'param') {
      const name = nameOf(resolved.node);
      const type = checker.getTypeAtLocation(name);
      return isEventObjectType(checker, type)
        ? { node: resolved.node, written: resolved.written ?? name, type }
        : undefined;
    }
    const node = resolved.node;
    const type = checker.getTypeAtLocation(node);
    if (isEventObjectType(checker, type)) return { node, written: resolved.written ?? node, type };
    if (ts.isAwaitExpression(node))
      return this.#unwrapSerializer(this.#resolve(node.expression, resolved.scope, hits), hits, depth + 1);
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      // First object argument wins: `JSON.stringify(event, null, 2)`, `serialize(event, options)`.
      for (const argument of node.arguments ?? []) {
        const found = this.#unwrapSerializer(this.#resolve(argument, resolved.scope, hits), hits, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  #payloadFact(found: { node: ts.Node; written: ts.Node; type: ts.Type }): PayloadFact {
    const checker = this.#engine.checker;
    const { node, written } = found;
    const type = checker.getNonNullableType(found.type);
    const literal = ts.isObjectLiteralExpression(node) ? node : undefined;
    const payload: PayloadFact = {
      location: this.#engine.locate(written),
      text: truncate(written.getText()),
      entities: this.#entities(written, type, literal),
    };
    const typeName = namedTypeName(type);
    if (typeName !== undefined) payload.typeName = typeName;
    if (!type.isUnion()) payload.shape = this.#shape(type, node, literal, 0);
    for (const property of this.#discriminators) {
      const value = this.#discriminatorValue(type, node, literal, property);
      if (value !== undefined) {
        payload.discriminator = { property, value };
        break;
      }
    }
    return payload;
  }

  #discriminatorValue(
    type: ts.Type,
    node: ts.Node,
    literal: ts.ObjectLiteralExpression | undefined,
    property: string,
  ): string | undefined {
    const checker = this.#engine.checker;
    if (literal !== undefined) {
      const initializer = propertyOf(literal, property);
      if (initializer !== undefined) {
        const resolved = this.#engine.resolve(initializer, undefined);
        const value = resolved.kind === 'expr' ? checker.getTypeAtLocation(resolved.node) : undefined;
        if (value?.isStringLiteral()) return value.value;
      }
    }
    const symbol = type.getProperty(property);
    if (symbol === undefined) return undefined;
    const propertyType = checker.getTypeOfSymbolAtLocation(symbol, node);
    return propertyType.isStringLiteral() ? propertyType.value : undefined;
  }

  #entities(node: ts.Node, type: ts.Type, literal: ts.ObjectLiteralExpression | undefined): EntityFact[] {
    const checker = this.#engine.checker;
    const entities: EntityFact[] = [];
    const whole = this.#entityOrigin(type);
    if (whole !== undefined && literal === undefined) {
      entities.push({
        typeName: namedTypeName(type) ?? node.getText(),
        origin: whole,
        use: 'is',
        location: this.#engine.locate(node),
      });
      return entities;
    }
    for (const property of literal?.properties ?? []) {
      if (ts.isSpreadAssignment(property)) {
        const spreadType = checker.getNonNullableType(checker.getTypeAtLocation(property.expression));
        const origin = this.#entityOrigin(spreadType);
        if (origin !== undefined) {
          entities.push({
            typeName: namedTypeName(spreadType) ?? property.expression.getText(),
            origin,
            use: 'spreads',
            location: this.#engine.locate(property),
          });
        }
      } else if (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) {
        const value = ts.isPropertyAssignment(property) ? property.initializer : property.name;
        const valueType = checker.getNonNullableType(checker.getTypeAtLocation(value));
        const origin = this.#entityOrigin(elementType(checker, valueType));
        if (origin !== undefined) {
          entities.push({
            typeName: namedTypeName(elementType(checker, valueType)) ?? value.getText(),
            origin,
            use: 'embeds',
            property: propertyNameText(property.name) ?? property.name.getText(),
            location: this.#engine.locate(property),
          });
        }
      }
    }
    return entities;
  }

  /** Which persistence layer a type belongs to, if it is an entity or a model type. */
  #entityOrigin(type: ts.Type): EntityFact['origin'] | undefined {
    const cached = this.#entityCache.get(type);
    if (cached !== undefined) return cached ?? undefined;
    this.#entityCache.set(type, null);
    let origin: EntityFact['origin'] | undefined;
    const parts = type.isUnion() ? type.types : [type];
    for (const part of parts) {
      origin = this.#entityOriginOfPart(part, 0);
      if (origin !== undefined) break;
    }
    this.#entityCache.set(type, origin ?? null);
    return origin;
  }

  #entityOriginOfPart(type: ts.Type, depth: number): EntityFact['origin'] | undefined {
    if (depth > 8 || !(type.flags & ts.TypeFlags.Object)) return undefined;
    const alias = type.aliasSymbol;
    const symbol = type.getSymbol();
    for (const named of [alias, symbol]) {
      if (named !== undefined && this.#entityTypes.has(named.getName())) return 'config';
    }
    for (const named of [alias, symbol]) {
      for (const declaration of named?.declarations ?? []) {
        if (this.#engine.moduleOf(declaration) === '@prisma/client') return 'prisma';
        if (ts.isClassDeclaration(declaration)) {
          const origin = this.#decoratedEntity(declaration);
          if (origin !== undefined) return origin;
        }
      }
    }
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Class) {
      const checker = this.#engine.checker;
      const declared = checker.getDeclaredTypeOfSymbol(symbol);
      if (declared.isClassOrInterface()) {
        for (const base of checker.getBaseTypes(declared)) {
          const origin = this.#entityOriginOfPart(base, depth + 1);
          if (origin !== undefined) return origin;
        }
      }
    }
    return undefined;
  }

  /** `typeorm` or `mikro-orm` when the class carries that ORM's `@Entity()` decorator. */
  #decoratedEntity(declaration: ts.ClassDeclaration): EntityFact['origin'] | undefined {
    for (const decorator of ts.getDecorators(declaration) ?? []) {
      const expression = decorator.expression;
      const callee = ts.isCallExpression(expression) ? expression.expression : expression;
      const symbol = this.#engine.symbolOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
      const name = symbol?.getName() ?? (ts.isIdentifier(callee) ? callee.text : undefined);
      if (name !== 'Entity') continue;
      const module =
        symbol?.declarations?.[0] === undefined ? undefined : this.#engine.moduleOf(symbol.declarations[0]);
      if (module === 'typeorm') return 'typeorm';
      if (module?.startsWith('@mikro-orm/')) return 'mikro-orm';
    }
    return undefined;
  }

  #shape(
    type: ts.Type,
    at: ts.Node,
    literal: ts.ObjectLiteralExpression | undefined,
    depth: number,
  ): PayloadShape {
    const checker = this.#engine.checker;
    const properties: ShapeProperty[] = [];
    for (const symbol of checker.getPropertiesOfType(type)) {
      const propertyType = checker.getTypeOfSymbolAtLocation(symbol, at);
      if (
        symbol.flags & ts.SymbolFlags.Method ||
        checker.getNonNullableType(propertyType).getCallSignatures().length > 0
      ) {
        continue;
      }
      const property: ShapeProperty = {
        name: symbol.getName(),
        optional: (symbol.flags & ts.SymbolFlags.Optional) !== 0,
      };
      const written = literal === undefined ? undefined : propertyNode(literal, symbol.getName());
      if (written !== undefined) property.location = this.#engine.locate(written);
      const valueType = elementType(checker, checker.getNonNullableType(propertyType));
      if (depth < 6 && isEventObjectType(checker, valueType)) {
        const initializer = literal === undefined ? undefined : propertyOf(literal, symbol.getName());
        const nestedLiteral =
          initializer !== undefined && ts.isObjectLiteralExpression(skipOuterExpressions(initializer))
            ? (skipOuterExpressions(initializer) as ts.ObjectLiteralExpression)
            : undefined;
        property.shape = this.#shape(valueType, at, nestedLiteral, depth + 1);
      }
      properties.push(property);
    }
    return { properties };
  }
}

/** The declared name node of a parameter (or the node itself). */
function nameOf(node: ts.Node): ts.Node {
  return ts.isParameter(node) ? node.name : node;
}

function truncate(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

/** The item type of an array type, or the type itself. */
function elementType(checker: ts.TypeChecker, type: ts.Type): ts.Type {
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    return checker.getTypeArguments(type as ts.TypeReference)[0] ?? type;
  }
  return type;
}

const nonEventObjects = new Set([
  'Buffer',
  'Uint8Array',
  'ArrayBuffer',
  'Date',
  'Promise',
  'Map',
  'Set',
  'String',
  'RegExp',
]);

/** True for a plain object type that can be an event (not a buffer, array, date, function or `object`). */
function isEventObjectType(checker: ts.TypeChecker, type: ts.Type): boolean {
  const nonNullable = checker.getNonNullableType(type);
  const parts = nonNullable.isUnion() ? nonNullable.types : [nonNullable];
  return parts.every((part) => {
    if (!(part.flags & ts.TypeFlags.Object)) return false;
    if (checker.isArrayType(part) || checker.isTupleType(part)) return false;
    if (part.getCallSignatures().length > 0) return false;
    const name = part.getSymbol()?.getName();
    if (name !== undefined && nonEventObjects.has(name)) return false;
    return checker.getPropertiesOfType(part).length > 0;
  });
}

/** The name a type is declared with (alias or interface/class), if it is not anonymous. */
function namedTypeName(type: ts.Type): string | undefined {
  const alias = type.aliasSymbol?.getName();
  if (alias !== undefined) return alias;
  const name = type.getSymbol()?.getName();
  if (name === undefined || name.startsWith('__')) return undefined;
  return name;
}

/** The expressions a callback returns: its expression body, or each `return` of its block body. */
function returnedExpressions(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression[] {
  if (!ts.isBlock(fn.body)) return [fn.body];
  const returned: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isReturnStatement(node) && node.expression !== undefined) returned.push(node.expression);
    else if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return returned;
}

/** The client a call's arguments look like, for producers whose type is unavailable. */
function clientByShape(call: ts.CallExpression, method: string): ProducerClient | undefined {
  const first = call.arguments[0] === undefined ? undefined : skipOuterExpressions(call.arguments[0]);
  if (method === 'produce') return call.arguments.length >= 3 ? 'confluent-rdkafka' : undefined;
  if (first === undefined || !ts.isObjectLiteralExpression(first)) return undefined;
  if (method === 'sendBatch') return propertyOf(first, 'topicMessages') !== undefined ? 'kafkajs' : undefined;
  if (propertyOf(first, 'messages') === undefined) return undefined;
  return propertyOf(first, 'topic') !== undefined ? 'kafkajs' : 'platformatic-kafka';
}
