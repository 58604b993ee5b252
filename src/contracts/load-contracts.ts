/**
 * Loads a set of contract files: decodes and parses each one with positions, checks its Avro
 * structure, links named types across files, orders files so that every file comes after the
 * files it references, and builds the avsc types with one shared registry. A broken file never
 * stops the others; every problem is a located `error` diagnostic. Pure.
 *
 * avsc options: no `logicalTypes` are given, so avsc builds the underlying type of a logical type
 * (exactly what goes on the wire), while `Contract.schema` keeps the JSON with every logical type
 * for the rules and the compat engine to read. Unions use avsc's default (`wrapUnions: 'auto'`).
 * Short names fall back to the null namespace, as Avro Java resolves them (avsc alone does not).
 */

import type { Type } from 'avsc';
import avsc from 'avsc';
import type { Diagnostic, SourceLocation } from '../report/diagnostic.ts';
import { isPrimitiveTypeName, shortNameOf } from './avro-names.ts';
import type { ExternalReference, NamedDefinition, SchemaProblem } from './check-schema.ts';
import { checkSchema, collectDefinitions } from './check-schema.ts';
import type { KontractConfig } from './config-types.ts';
import { decodeSourceText } from './decode-source.ts';
import { appendPointer, escapePointerToken, parseJsonDocument } from './json-positions.ts';
import { loaderDiagnostic } from './load-diagnostics.ts';
import type { Contract, ContractSet, Json, PositionMap, SourceFile } from './model.ts';
import { resolveSettings } from './resolve-settings.ts';

/** What the loader knows about one file while it works. */
interface FileState {
  path: string;
  diagnostics: Diagnostic[];
  /** Set once the file cannot become a contract; later stages then skip it. */
  broken: boolean;
  parsed?: { schema: Json; positions: PositionMap };
  definitions: NamedDefinition[];
  /** Full name of the top-level record, when the top level is a named record. */
  fullName?: string;
  /** Resolved references to names other files define. */
  references: ExternalReference[];
  /** Defining file path → the first reference to one of its names. */
  dependsOn: Map<string, ExternalReference>;
}

/** Parses, validates and links contract files; dependency order; never throws on bad input. */
export function loadContracts(files: readonly SourceFile[], config: KontractConfig): ContractSet {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const states = sorted.map(parseFile);
  const byPath = new Map(states.map((state) => [state.path, state]));

  // Names defined by files that could not even be parsed are unknown; guess them from the file stem.
  const unparsedByStem = new Map<string, string>();
  for (const state of states) {
    if (state.parsed === undefined) unparsedByStem.set(stemOf(state.path), state.path);
  }

  const global = registerDefinitions(states);
  for (const state of states) checkFile(state, global, unparsedByStem);

  const order = dependencyOrder(states);
  reportCycles(order.cycles, byPath);

  const registry: Record<string, Type> = {};
  const contracts: Contract[] = [];
  for (const path of order.sorted) {
    const state = byPath.get(path)!;
    if (state.broken || state.parsed === undefined || state.fullName === undefined) continue;
    const brokenDependency = [...state.dependsOn].find(([dependency]) => byPath.get(dependency)?.broken);
    if (brokenDependency) {
      const [dependency, reference] = brokenDependency;
      fail(state, 'contract/unresolved-reference', 'dependency-broken', reference.pointer, {
        message: `The type ${reference.fullName} is defined in ${dependency}, which could not be loaded; fix that file first.`,
        data: { name: reference.fullName, file: dependency },
      });
      continue;
    }
    const type = buildType(state, registry);
    if (type === undefined) continue;
    contracts.push({
      file: state.path,
      fullName: state.fullName,
      schema: state.parsed.schema,
      positions: state.parsed.positions,
      type,
      defines: state.definitions.map((definition) => definition.fullName),
      references: [...new Set(state.references.map((reference) => reference.fullName))],
      settings: resolveSettings(state.fullName, config),
    });
  }

  const byFullName = new Map<string, Contract>();
  for (const contract of contracts) {
    for (const name of contract.defines) byFullName.set(name, contract);
  }
  const diagnostics = [
    ...states.flatMap((state) => state.diagnostics),
    ...checkConfigContracts(config, states),
  ];
  return { contracts, diagnostics, byFullName };
}

function stemOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

function parseFile(file: SourceFile): FileState {
  const state: FileState = {
    path: file.path,
    diagnostics: [],
    broken: false,
    definitions: [],
    references: [],
    dependsOn: new Map(),
  };
  const decoded = decodeSourceText(file);
  if (!decoded.ok) {
    state.diagnostics.push(...decoded.diagnostics);
    state.broken = true;
    return state;
  }
  const parsed = parseJsonDocument(file.path, decoded.text);
  if (!parsed.ok) {
    state.diagnostics.push(...parsed.diagnostics);
    state.broken = true;
    return state;
  }
  state.parsed = { schema: parsed.value, positions: parsed.positions };
  const { definitions, problems } = collectDefinitions(parsed.value);
  state.definitions = definitions;
  const top = definitions[0];
  if (top !== undefined && top.pointer === '' && (top.kind === 'record' || top.kind === 'error')) {
    state.fullName = top.fullName;
  }
  for (const problem of problems) report(state, problem);
  return state;
}

/** Location of the value at `pointer`, when the file parsed as JSON. */
function locate(state: FileState, pointer: string): SourceLocation | undefined {
  return state.parsed?.positions.locate(pointer);
}

function report(state: FileState, problem: SchemaProblem): void {
  fail(state, problem.ruleId, problem.messageId, problem.pointer, {
    message: problem.message,
    ...(problem.fieldPath !== undefined && problem.fieldPath !== '' ? { fieldPath: problem.fieldPath } : {}),
    ...(problem.data ? { data: problem.data } : {}),
    ...(problem.help ? { help: problem.help } : {}),
  });
}

function fail(
  state: FileState,
  ruleId: SchemaProblem['ruleId'] | 'contract/reference-cycle' | 'contract/duplicate-name',
  messageId: string,
  pointer: string,
  details: {
    message: string;
    fieldPath?: string;
    data?: Record<string, string | number | boolean>;
    help?: string;
  },
): void {
  state.broken = true;
  state.diagnostics.push(
    loaderDiagnostic(ruleId, messageId, details.message, locate(state, pointer), {
      ...(state.fullName !== undefined ? { contract: state.fullName } : {}),
      ...(details.fieldPath !== undefined ? { fieldPath: details.fieldPath } : {}),
      ...(details.data ? { data: details.data } : {}),
      ...(details.help ? { help: details.help } : {}),
    }),
  );
}

/** The first file (by path) to define a name owns it; a later definition is a duplicate. */
function registerDefinitions(
  states: FileState[],
): Map<string, { state: FileState; definition: NamedDefinition }> {
  const global = new Map<string, { state: FileState; definition: NamedDefinition }>();
  for (const state of states) {
    for (const definition of state.definitions) {
      const owner = global.get(definition.fullName);
      if (owner === undefined) {
        global.set(definition.fullName, { state, definition });
        continue;
      }
      fail(state, 'contract/duplicate-name', 'duplicate-name', appendPointer(definition.pointer, 'name'), {
        message: `The type ${definition.fullName} is already defined in ${owner.state.path}; a full name may be defined by one file only.`,
        data: { name: definition.fullName, file: owner.state.path },
        help: `Refer to ${definition.fullName} by name instead of defining it again, or rename one of the two.`,
      });
    }
  }
  return global;
}

function checkFile(
  state: FileState,
  global: Map<string, { state: FileState; definition: NamedDefinition }>,
  unparsedByStem: Map<string, string>,
): void {
  if (state.parsed === undefined) return;
  const local = new Map(state.definitions.map((definition) => [definition.fullName, definition]));
  const lookup = (fullName: string): NamedDefinition | undefined =>
    local.get(fullName) ?? global.get(fullName)?.definition;
  const { problems, references } = checkSchema(state.parsed.schema, lookup, {
    topLevelRecord: true,
    definedHere: new Set(local.keys()),
  });
  for (const problem of problems) {
    const suspect =
      problem.ruleId === 'contract/unresolved-reference' && typeof problem.data?.name === 'string'
        ? unparsedByStem.get(shortNameOf(problem.data.name))
        : undefined;
    report(
      state,
      suspect === undefined
        ? problem
        : {
            ...problem,
            message: `The type ${String(problem.data?.name)} is not defined by any loaded file; ${suspect}, which may define it, could not be parsed.`,
            data: { ...problem.data, file: suspect },
          },
    );
  }
  for (const reference of references) {
    if (!reference.resolved || local.has(reference.fullName)) continue;
    state.references.push(reference);
    const owner = global.get(reference.fullName);
    if (owner !== undefined && owner.state !== state && !state.dependsOn.has(owner.state.path)) {
      state.dependsOn.set(owner.state.path, reference);
    }
  }
}

/**
 * Orders files so that each comes after the files it depends on (Tarjan's algorithm, iterative;
 * it emits a strongly connected component only after every component it reaches). Components with
 * more than one file are reference cycles.
 */
function dependencyOrder(states: FileState[]): { sorted: string[]; cycles: string[][] } {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const sorted: string[] = [];
  const cycles: string[][] = [];
  const successors = new Map(states.map((state) => [state.path, [...state.dependsOn.keys()].sort()]));
  let counter = 0;

  for (const root of states.map((state) => state.path)) {
    if (index.has(root)) continue;
    const frames: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    lowLink.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames.at(-1)!;
      const next = successors.get(frame.node)?.[frame.next];
      if (next !== undefined) {
        frame.next++;
        if (!index.has(next)) {
          index.set(next, counter);
          lowLink.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          frames.push({ node: next, next: 0 });
        } else if (onStack.has(next)) {
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node)!, index.get(next)!));
        }
        continue;
      }
      frames.pop();
      const parent = frames.at(-1);
      if (parent) lowLink.set(parent.node, Math.min(lowLink.get(parent.node)!, lowLink.get(frame.node)!));
      if (lowLink.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1) cycles.push(component.sort());
        else sorted.push(frame.node);
      }
    }
  }
  return { sorted, cycles };
}

/** Reports each file of each cycle, naming the cycle as it starts from that file. */
function reportCycles(cycles: string[][], byPath: Map<string, FileState>): void {
  for (const cycle of cycles) {
    const members = new Set(cycle);
    for (const path of cycle) {
      const state = byPath.get(path)!;
      const route = shortestCycle(path, members, byPath);
      const firstStep = route[1] ?? path;
      const reference = state.dependsOn.get(firstStep);
      const text = route.join(' → ');
      fail(state, 'contract/reference-cycle', 'cycle', reference?.pointer ?? '', {
        message: `Contract files reference each other in a cycle: ${text}; Avro needs a type defined before it is used, so move the shared types into one file.`,
        data: { cycle: text },
      });
    }
  }
}

/** The shortest route from `start` back to itself inside a cycle (breadth first). */
function shortestCycle(start: string, members: Set<string>, byPath: Map<string, FileState>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const next of [...(byPath.get(node)?.dependsOn.keys() ?? [])].sort()) {
      if (!members.has(next)) continue;
      if (next === start) {
        const route = [start];
        for (
          let step: string | undefined = node;
          step !== undefined && step !== start;
          step = previous.get(step)
        ) {
          route.splice(1, 0, step);
        }
        route.push(start);
        return route;
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** Builds the avsc type; on failure reports avsc's message at the top level and undoes registrations. */
function buildType(state: FileState, registry: Record<string, Type>): Type | undefined {
  const schema = state.parsed!.schema;
  try {
    return avsc.Type.forSchema(schema as avsc.Schema, {
      registry,
      typeHook: (node: avsc.Schema, options: Partial<{ namespace: string }>) => {
        // Avro Java resolves a short name in the null namespace when the enclosing one has no such type.
        if (typeof node !== 'string' || isPrimitiveTypeName(node) || node.includes('.')) return undefined;
        const namespace = options.namespace;
        if (!namespace || registry[`${namespace}.${node}`] !== undefined) return undefined;
        return registry[node];
      },
    });
  } catch (error) {
    for (const definition of state.definitions) delete registry[definition.fullName];
    const reason = error instanceof Error ? error.message : String(error);
    fail(state, 'contract/invalid-avro', 'avsc', '', {
      message: `The schema is not valid Avro: ${reason}.`,
      data: { reason },
    });
    return undefined;
  }
}

/**
 * A `contracts` entry in the config for a full name that no file defines as its top-level record,
 * unless the entry marks the contract retired (its file may be gone).
 */
function checkConfigContracts(config: KontractConfig, states: FileState[]): Diagnostic[] {
  const topLevel = new Set(states.map((state) => state.fullName).filter((name) => name !== undefined));
  const nested = new Map<string, string>();
  for (const state of states) {
    for (const definition of state.definitions)
      if (definition.pointer !== '') nested.set(definition.fullName, state.path);
  }
  const diagnostics: Diagnostic[] = [];
  for (const [name, settings] of Object.entries(config.contracts)) {
    // A retired contract may have been deleted: its entry is what says so (see `compat/contract-removed`).
    if (topLevel.has(name) || settings.retired === true) continue;
    const pointer = `/contracts/${escapePointerToken(name)}`;
    const location = config.source
      ? (config.source.positions.locateKey(pointer) ?? config.source.positions.locate(pointer))
      : undefined;
    const inFile = nested.get(name);
    const message =
      inFile === undefined
        ? `The config has settings for ${name}, but no contract file defines a record with that full name.`
        : `The config has settings for ${name}, which is a type nested in ${inFile}, not a contract (a file's top-level record).`;
    diagnostics.push(
      loaderDiagnostic('config/unknown-contract', 'unknown-contract', message, location, {
        data: { name },
        help: 'Fix the full name (namespace + name) or remove the entry.',
      }),
    );
  }
  return diagnostics;
}
