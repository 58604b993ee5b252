/**
 * Reporting: the one `Diagnostic` shape every capability produces, the rule record, waivers, and the
 * pure renderers that turn findings into text (pretty, json, github; sarif, junit and markdown join the
 * same registry later). Must never touch the file system, the process or the network: the CLI and the
 * Action decide where text goes and whether colour is wanted.
 */
export * from './diagnostic.ts';
export * from './format-github.ts';
export * from './format-json.ts';
export * from './format-pretty.ts';
export * from './format-rules.ts';
export * from './format-summary.ts';
export * from './render.ts';
export * from './rule.ts';
export * from './waivers.ts';
