/**
 * Runs the code analysis over TypeScript projects: loads each tsconfig with ts-morph (or an
 * in-memory file map), indexes the calls of the project's own files, extracts sends and consumers,
 * judges sends with the code rules and attributes consumer reads to contracts. A file analysed by
 * one tsconfig is skipped by the next (monorepos list overlapping configs). Loaded only by
 * `analyzeCode`/`analyzeSources`, so commands that do not analyse code never load TypeScript.
 * @internal
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import type { Diagnostic } from '../../report/diagnostic.ts';
import { compareDiagnostics } from '../../report/diagnostic.ts';
import type { AnalyzeCodeOptions, AnalyzeSourcesOptions, CodeAnalysisResult } from '../analyze-code.ts';
import type { CodeAnalysisConfig } from '../config.ts';
import type { SendSite } from '../facts.ts';
import { defaultDiscriminators, runSendRules } from '../run-code-rules.ts';
import { indexSchemas } from '../schema-types.ts';
import type { RawConsumer } from '../usage.ts';
import { buildUsageMap } from '../usage.ts';
import { ProgramEngine } from './engine.ts';
import type { AnalysisNote } from './find-sends.ts';
import { SendFinder } from './find-sends.ts';
import { UsageFinder } from './find-usage.ts';

interface Collected {
  sends: SendSite[];
  consumers: RawConsumer[];
  notes: AnalysisNote[];
  files: number;
}

function toPosix(file: string): string {
  return file.replace(/\\/g, '/');
}

/**
 * Analyses one program. Calls are indexed in every project source of the program (so that wrapper
 * callers and helpers in other packages are followed), but only sends and consumers located in
 * `owned` files (undefined = all) and not reported by an earlier program are kept.
 */
function analyseProgram(
  program: ts.Program,
  root: string,
  config: CodeAnalysisConfig,
  owned: ReadonlySet<string> | undefined,
  done: Set<string>,
  collected: Collected,
  partial: boolean,
): void {
  const engine = new ProgramEngine(program, root);
  const discriminators = config.discriminators ?? defaultDiscriminators;
  const reported = new Set<string>();
  for (const sourceFile of program.getSourceFiles()) {
    if (!engine.isProjectSource(sourceFile)) continue;
    engine.indexCalls(sourceFile);
    const fileName = toPosix(sourceFile.fileName);
    if (done.has(fileName) || (owned !== undefined && !owned.has(fileName))) continue;
    done.add(fileName);
    reported.add(engine.relative(fileName));
    collected.files += 1;
    const syntax = program.getSyntacticDiagnostics(sourceFile);
    const firstSyntaxError = syntax[0];
    if (firstSyntaxError !== undefined) {
      const at = sourceFile.getLineAndCharacterOfPosition(firstSyntaxError.start ?? 0);
      collected.notes.push({
        file: engine.relative(fileName),
        reason:
          `${syntax.length} syntax error(s), the first at ${at.line + 1}:${at.character + 1}: ` +
          `${ts.flattenDiagnosticMessageText(firstSyntaxError.messageText, ' ').replace(/\.$/, '')}; analysed what parsed`,
      });
    }
    for (const statement of sourceFile.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      if (statement.importClause?.isTypeOnly === true) continue;
      if (engine.checker.getSymbolAtLocation(statement.moduleSpecifier) === undefined) {
        const at = sourceFile.getLineAndCharacterOfPosition(statement.moduleSpecifier.getStart(sourceFile));
        collected.notes.push({
          file: engine.relative(fileName),
          reason: `module '${statement.moduleSpecifier.text}' (imported at ${at.line + 1}:${at.character + 1}) cannot be resolved: values from it have no type`,
        });
      }
    }
  }
  const sends = new SendFinder(engine, config, discriminators, partial);
  collected.sends.push(...sends.findSends().filter((send) => reported.has(send.location.file)));
  collected.notes.push(...sends.notes.filter((note) => reported.has(note.file)));
  const usage = new UsageFinder(engine, {
    factories: config.consumerFactories ?? ['defineConsumer'],
    discriminators,
    helperDepth: config.helperDepth ?? 3,
  });
  collected.consumers.push(
    ...usage.findConsumers().filter((consumer) => reported.has(consumer.location.file)),
  );
  collected.notes.push(...usage.notes.filter((note) => reported.has(note.file)));
}

/** Where a location is, as a key. */
function place(location: { file: string; line: number; column: number }): string {
  return `${location.file}:${location.line}:${location.column}`;
}

function finish(
  collected: Collected,
  options: Pick<AnalyzeCodeOptions, 'contracts' | 'config'>,
): CodeAnalysisResult {
  const config = options.config ?? {};
  // A wrapper without callers in its own tsconfig's program may be called from another package's
  // program: a send judged there through the wrapper's callers supersedes the one judged with the
  // wrapper's parameter types (its outermost point is an inner point of the other's chain).
  const innerPoints = new Set(collected.sends.flatMap((send) => send.via.map(place)));
  collected.sends = collected.sends.filter(
    (send) => send.unresolvedWrapper === undefined || !innerPoints.has(place(send.location)),
  );
  const schemas = indexSchemas(options.contracts.contracts);
  const diagnostics: Diagnostic[] = runSendRules({
    sends: collected.sends,
    contracts: options.contracts,
    discriminators: config.discriminators ?? defaultDiscriminators,
    schemas,
    ...(config.rules === undefined ? {} : { rules: config.rules }),
  }).sort(compareDiagnostics);
  const unanalysable = [...collected.notes].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.reason < b.reason ? -1 : 1,
  );
  return {
    usage: buildUsageMap(collected.consumers, options.contracts.contracts, schemas),
    diagnostics,
    unanalysable,
    sends: collected.sends,
    filesAnalysed: collected.files,
  };
}

/** `analyzeCode` over tsconfig files on disk. */
export function analyseTsconfigs(options: AnalyzeCodeOptions): CodeAnalysisResult {
  const root = toPosix(path.resolve(options.root));
  const config = options.config ?? {};
  const tsconfigs = options.tsconfigs ?? config.tsconfigs ?? ['tsconfig.json'];
  const collected: Collected = { sends: [], consumers: [], notes: [], files: 0 };
  const done = new Set<string>();
  const wanted =
    options.files === undefined
      ? undefined
      : new Set(options.files.map((file) => toPosix(path.resolve(root, file))));
  const claimed = new Set<string>();
  for (const tsconfig of tsconfigs) {
    const configPath = toPosix(path.resolve(root, tsconfig));
    if (!existsSync(configPath)) {
      collected.notes.push({
        file: tsconfig,
        reason: 'tsconfig file not found: nothing under it was analysed',
      });
      continue;
    }
    const problems: string[] = [];
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, undefined, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) =>
        problems.push(ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')),
    });
    for (const error of parsed?.errors ?? []) {
      // "No inputs were found" is not a failure of the analysis: the config just selects nothing.
      if (error.code === 18003) continue;
      problems.push(ts.flattenDiagnosticMessageText(error.messageText, ' '));
    }
    if (parsed === undefined) {
      collected.notes.push({ file: tsconfig, reason: `tsconfig could not be read: ${problems.join('; ')}` });
      continue;
    }
    for (const problem of problems)
      collected.notes.push({ file: tsconfig, reason: `tsconfig problem: ${problem}` });
    const fileNames = parsed.fileNames.map(toPosix);
    const owned =
      wanted === undefined ? new Set(fileNames) : new Set(fileNames.filter((file) => wanted.has(file)));
    for (const file of owned) claimed.add(file);
    if (owned.size === 0) continue;
    const project = new Project({
      compilerOptions: { ...parsed.options, noEmit: true },
      skipAddingFilesFromTsConfig: true,
    });
    project.addSourceFilesAtPaths([...owned]);
    project.resolveSourceFileDependencies();
    analyseProgram(
      project.getProgram().compilerObject,
      root,
      config,
      owned,
      done,
      collected,
      wanted !== undefined,
    );
  }
  for (const file of wanted ?? []) {
    if (!claimed.has(file)) {
      collected.notes.push({
        file: path.posix.relative(root, file),
        reason: 'not included by any analysed tsconfig',
      });
    }
  }
  return finish(collected, options);
}

/** `analyzeSources`: the same analysis over an in-memory file map (tests, editors, playgrounds). */
export function analyseInMemory(options: AnalyzeSourcesOptions): CodeAnalysisResult {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      strict: true,
      experimentalDecorators: true,
      noEmit: true,
      ...options.compilerOptions,
    },
  });
  const root = '/project';
  for (const [file, text] of Object.entries(options.files))
    project.createSourceFile(`${root}/${file}`, text, { overwrite: true });
  const collected: Collected = { sends: [], consumers: [], notes: [], files: 0 };
  analyseProgram(
    project.getProgram().compilerObject,
    root,
    options.config ?? {},
    undefined,
    new Set(),
    collected,
    false,
  );
  return finish(collected, options);
}
