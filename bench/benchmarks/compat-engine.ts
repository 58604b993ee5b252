/** Avro compatibility engine vs Apache Avro Java and avsc on the same 10,000 generated pairs. */
export { benchmark } from '../compat-engine.ts';
