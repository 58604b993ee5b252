/**
 * The contract model: what a loaded `.avsc` file is once parsed, with a position for every JSON
 * pointer so that every finding can point at the exact line. Pure types.
 */
import type { Type } from 'avsc';
import type { Diagnostic, SourceLocation } from '../report/diagnostic.ts';
import type { CompatibilityMode, SubjectNameStrategy } from './config-types.ts';

/** A file handed to the pure core by an adapter: path relative to the project root, and its bytes. */
export interface SourceFile {
  path: string;
  /** Raw bytes, so the core can tell a non-UTF-8 file from a text one. */
  bytes: Uint8Array;
}

/** JSON value as written in a schema file. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Maps JSON pointers inside one document to source positions. */
export interface PositionMap {
  /** Location of the value at `pointer`; falls back to the nearest existing ancestor. */
  locate(pointer: string): SourceLocation;
  /** Location of the property key at `pointer` (e.g. `"name"` of a field), when the value is a member. */
  locateKey(pointer: string): SourceLocation | undefined;
}

/** Per-contract settings after merging config defaults and the contract's own entry. */
export interface ContractSettings {
  topic?: string;
  subject: string;
  subjectNameStrategy: SubjectNameStrategy;
  /** Field that Kafka's record key is taken from (dotted path). */
  keyField?: string;
  compatibility: CompatibilityMode;
  owner?: string;
  /** Name of the field that carries the event's schema version. */
  versionField: string;
  /** Retired contracts may be deleted without a compat error. */
  retired: boolean;
}

/** One parsed, valid contract file. */
export interface Contract {
  /** Path of the `.avsc` file relative to the project root. */
  file: string;
  /** Full name of the top-level named type (`com.acme.accounts.MoneyDeposited`). */
  fullName: string;
  /** The schema JSON exactly as written. */
  schema: Json;
  positions: PositionMap;
  /** The avsc type, with references to named types of other files resolved. */
  type: Type;
  /** Full names of the named types this file defines (the top-level one first). */
  defines: string[];
  /** Full names of named types this file references but does not define. */
  references: string[];
  settings: ContractSettings;
}

/** A schema file that parsed as JSON (with positions) but was not a valid contract. */
export interface BrokenContractFile {
  file: string;
  diagnostics: Diagnostic[];
}

/** Everything the loader knows: valid contracts (in dependency order) and load diagnostics. */
export interface ContractSet {
  contracts: Contract[];
  /** Malformed JSON, invalid Avro, unresolved references, cycles, config errors: all `error`. */
  diagnostics: Diagnostic[];
  /** Lookup by full name of any named type defined by a loaded contract. */
  byFullName: ReadonlyMap<string, Contract>;
}
