/**
 * The Kafka adapter: `kontract record`'s recorder and its narrow view of a cluster.
 *
 * What it does: consumes a range of a topic (partitions, offsets or times) into kontract's NDJSON log,
 * atomically and resumably, with the end offsets captured at the start. What it must never do: join a
 * consumer group or commit an offset in anyone's group, write a half log under the final name, or load
 * the Kafka client on paths that do not talk to Kafka (import this module lazily).
 * @module
 */
export { type ConsumedRecord, type DecodedValue, envelopeLine, schemaIdOf } from './envelope.ts';
export { type KafkaLog, type KafkaLogOptions, recordTemporaryLog } from './kafka-log.ts';
export {
  type KafkaErrorCode,
  type KafkaSource,
  KafkaSourceError,
  type KafkaSourceOptions,
  openKafkaSource,
  type PartitionFetch,
  type TopicLayout,
} from './kafka-source.ts';
export {
  describeBound,
  parseBound,
  parsePartitions,
  type RangeBound,
  RangeSyntaxError,
} from './record-range.ts';
export {
  type PartitionProgress,
  parseRecordState,
  type RecordedRange,
  type RecordState,
  writeRecordState,
} from './record-state.ts';
export {
  describeRange,
  RecordError,
  type RecordProgress,
  type RecordSummary,
  type RecordTopicOptions,
  recordTopic,
  type ValueDecoder,
} from './record-topic.ts';
