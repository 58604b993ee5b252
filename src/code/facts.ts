/**
 * The facts the analysis extracts from a project, as plain data: every send to Kafka with its
 * topic, key and payload, already judged against the type checker (entity types, payload shapes).
 * Code rules read these facts; they never see the TypeScript AST. Pure types.
 */
import type { RelatedLocation, SourceLocation } from '../report/diagnostic.ts';

/** The client API a send goes through. */
export type ProducerClient =
  | 'kafkajs'
  | 'platformatic-kafka'
  | 'confluent-kafkajs'
  | 'confluent-rdkafka'
  /** A wrapper function declared in the config (its body is not in the analysed project). */
  | 'configured-wrapper';

/** Where a topic name comes from. */
export type TopicFact =
  | { kind: 'literal'; value: string; location: SourceLocation }
  /** Not a single compile-time string: a template, a parameter, a lookup. Never guessed. */
  | {
      kind: 'dynamic';
      text: string;
      location: SourceLocation;
      /**
       * Set by incremental analysis when the topic is a parameter of a function whose callers were
       * not among the analysed files: unknown rather than dynamic, so not reported.
       */
      callersNotAnalysed?: true;
    };

/** What the record key is. */
export type KeyFact =
  /** The message has no key at all. */
  | { kind: 'missing' }
  | { kind: 'null' | 'undefined'; location: SourceLocation }
  /** The same value on every send: a literal, or an expression whose type is one literal. */
  | { kind: 'constant'; value: string; location: SourceLocation }
  | { kind: 'varying'; location: SourceLocation };

/** How a persistence entity reaches the payload. */
export type EntityUse = 'is' | 'spreads' | 'embeds';

/** A persistence entity found in a payload. */
export interface EntityFact {
  /** The entity's type name (`AccountEntity`, `Account`). */
  typeName: string;
  /** What marks it as persistence: the ORM it belongs to, or the config's `entityTypes`. */
  origin: 'typeorm' | 'mikro-orm' | 'prisma' | 'config';
  use: EntityUse;
  /** The payload property that embeds the entity (`use: 'embeds'`). */
  property?: string;
  location: SourceLocation;
}

/** One property of a payload's type. */
export interface ShapeProperty {
  name: string;
  optional: boolean;
  /** Where the property is written, when the payload is an object literal. */
  location?: SourceLocation;
  /** The property's own shape when its type is an object type (for nested records). */
  shape?: PayloadShape;
}

/** The property set of a payload's (or nested value's) TypeScript type. */
export interface PayloadShape {
  properties: ShapeProperty[];
}

/** The value a send puts on the topic, as seen through the serializer (`JSON.stringify(x)` → `x`). */
export interface PayloadFact {
  location: SourceLocation;
  /** The payload expression's source text, for messages. */
  text: string;
  /** The TypeScript name of the payload's type, when it has one (`OrderPlaced`, `AccountEntity`). */
  typeName?: string;
  entities: EntityFact[];
  /** Undefined when the payload's type is not an object type the checker can list (`any`, `string`). */
  shape?: PayloadShape;
  /** Value of a discriminator property whose type is one string literal (`eventType: 'OrderPlaced'`). */
  discriminator?: { property: string; value: string };
}

/** One message of a send. */
export interface MessageFact {
  /** The message object literal, or the send itself when the message is not written out. */
  location: SourceLocation;
  topic: TopicFact;
  key: KeyFact;
  /** Absent when the value could not be followed to an expression (e.g. built in another module). */
  payload?: PayloadFact;
  /** A header that names the event type (`eventType`, `event-type`), when it is a literal. */
  eventTypeHeader?: string;
}

/** One send to Kafka, located at the outermost call the analysis could follow it to. */
export interface SendSite {
  /** The client call, or the outermost wrapper call that reaches it. */
  location: SourceLocation;
  client: ProducerClient;
  /**
   * How the producer was recognised: by the type checker (its type comes from the client's
   * module), or by its method name and argument shape because its type could not be resolved.
   */
  identifiedBy: 'type' | 'name';
  /** Wrapper calls between `location` and the client call, outermost first, ending at the client call. */
  via: RelatedLocation[];
  /** The enclosing function or method of `location` (`placeOrder`), for fingerprints and messages. */
  site: string;
  /** The client call itself (equal to `location` when no wrapper was followed). */
  call: SourceLocation;
  /**
   * Set when the send's values come from parameters of this function and no call of it was found
   * (in this tsconfig's program): the send is then judged with the parameters' types.
   */
  unresolvedWrapper?: string;
  messages: MessageFact[];
}
