/**
 * `contract/event-name-past-tense`: an event states a fact, so its name ends in a past participle
 * (`OrderPlaced`, `PaymentSent`) and is neither a command (`CreateOrder`) nor a data carrier
 * (`OrderDto`, `CustomerEntity`).
 */
import { defineLintRule } from '../lint-rule.ts';
import { eventRecordOf, type RecordNode, schemaIndexOf, wordsOf } from '../schema-index.ts';

/**
 * Irregular past participles accepted at the end of an event name (lower case). Regular ones end
 * in `-ed`; compounds with a common prefix (`Prepaid`, `Overdrawn`, `Withheld`) are accepted too.
 */
export const irregularPastParticiples: ReadonlySet<string> = new Set([
  'arisen',
  'awoken',
  'been',
  'begun',
  'bent',
  'bet',
  'bid',
  'bitten',
  'bound',
  'blown',
  'broken',
  'brought',
  'broadcast',
  'built',
  'burnt',
  'bought',
  'cast',
  'caught',
  'chosen',
  'come',
  'cost',
  'cut',
  'dealt',
  'done',
  'drawn',
  'driven',
  'dug',
  'eaten',
  'fallen',
  'fed',
  'felt',
  'fought',
  'found',
  'fled',
  'flown',
  'forbidden',
  'forecast',
  'forgiven',
  'forgotten',
  'frozen',
  'given',
  'gone',
  'got',
  'gotten',
  'grown',
  'had',
  'heard',
  'held',
  'hidden',
  'hit',
  'hung',
  'hurt',
  'kept',
  'known',
  'laid',
  'led',
  'left',
  'lent',
  'let',
  'lit',
  'lost',
  'made',
  'meant',
  'met',
  'paid',
  'proven',
  'put',
  'quit',
  'read',
  'ridden',
  'risen',
  'run',
  'said',
  'seen',
  'sent',
  'set',
  'sewn',
  'shaken',
  'shed',
  'shone',
  'shot',
  'shown',
  'shrunk',
  'shut',
  'sold',
  'sought',
  'spent',
  'spoken',
  'spun',
  'split',
  'spread',
  'sprung',
  'stolen',
  'stood',
  'stuck',
  'struck',
  'sung',
  'sunk',
  'swept',
  'sworn',
  'swum',
  'taken',
  'taught',
  'thought',
  'thrown',
  'told',
  'torn',
  'understood',
  'woken',
  'won',
  'worn',
  'wound',
  'written',
]);

/** Prefixes that keep a participle a participle: `re`sent, `pre`paid, `over`drawn, `with`held. */
const participlePrefixes = ['re', 'pre', 'over', 'under', 'un', 'mis', 'out', 'up', 'with', 'for', 'fore'];

/** Words that end in `-ed` without being past participles. */
const falseParticiples: ReadonlySet<string> = new Set([
  'bed',
  'bleed',
  'breed',
  'deed',
  'embed',
  'feed',
  'greed',
  'hundred',
  'need',
  'seed',
  'shred',
  'sled',
  'speed',
  'steed',
  'weed',
]);

/** True when a word (any case) is a past participle by the rules above. */
export function isPastParticiple(word: string, extra: ReadonlySet<string> = new Set()): boolean {
  const lower = word.toLowerCase();
  if (irregularPastParticiples.has(lower) || extra.has(lower)) return true;
  if (lower.endsWith('ed') && lower.length > 3 && !falseParticiples.has(lower)) return true;
  for (const prefix of participlePrefixes) {
    if (lower.length > prefix.length + 2 && lower.startsWith(prefix)) {
      const rest = lower.slice(prefix.length);
      if (irregularPastParticiples.has(rest) || extra.has(rest)) return true;
    }
  }
  return false;
}

type Options = {
  /** Name endings that mark a command or a data carrier (compared case-insensitively to the last word). */
  forbiddenSuffixes: string[];
  /**
   * First words that make a name a command. Words that are as often nouns (`Run`, `Post`,
   * `Register`) are not in the default, so that `RunCompleted` or `PostPublished` pass; add them
   * for a stricter check.
   */
  imperativeVerbs: string[];
  /** Past participles to accept beyond the built-in list (e.g. domain verbs: `Onboarded` is regular, `Rekeyed` too). */
  extraPastParticiples: string[];
  /** Trailing words ignored before the tense check, e.g. `Event` in `OrderPlacedEvent`. */
  ignoredSuffixes: string[];
  /** Also check nested records; off by default because nested records are value types, not events. */
  checkNestedRecords: boolean;
};

/**
 * The `contract/event-name-past-tense` rule: event names state a fact in the past tense: no commands, no DTO or entity names.
 */
export default defineLintRule<'forbiddenSuffix' | 'imperativeVerb' | 'notPastTense', Options>({
  id: 'contract/event-name-past-tense',
  kind: 'lint',
  defaultSeverity: 'error',
  docs: {
    description: 'Event names state a fact in the past tense: no commands, no DTO or entity names.',
    rationale:
      'An event on a log records something that already happened and that nobody can refuse; a command or a data-transfer object on a topic couples producer and consumer and invites request/response over Kafka.',
    help: 'Name the event after the fact it records, ending in a past participle: `OrderPlaced`, `PaymentApproved`, `MoneyWithdrawn`.',
  },
  messages: {
    forbiddenSuffix:
      'Event `{name}` ends in `{suffix}`, which names a command or a data carrier rather than a fact.',
    imperativeVerb:
      'Event `{name}` starts with the imperative verb `{verb}`: it reads as a command, not as a fact.',
    notPastTense: 'Event `{name}` does not end in a past participle (`{word}`): name the fact that happened.',
  },
  defaultOptions: {
    forbiddenSuffixes: [
      'Command',
      'Cmd',
      'Request',
      'Response',
      'Dto',
      'Entity',
      'Model',
      'Record',
      'Row',
      'Payload',
    ],
    imperativeVerbs: [
      'Add',
      'Approve',
      'Cancel',
      'Create',
      'Delete',
      'Do',
      'Execute',
      'Fetch',
      'Get',
      'Insert',
      'Make',
      'Process',
      'Reject',
      'Remove',
      'Save',
      'Send',
      'Set',
      'Submit',
      'Update',
      'Upsert',
    ],
    extraPastParticiples: [],
    ignoredSuffixes: ['Event'],
    checkNestedRecords: false,
  },
  check(context) {
    const { options } = context;
    const suffixes = new Set(options.forbiddenSuffixes.map((s) => s.toLowerCase()));
    const verbs = new Set(options.imperativeVerbs.map((v) => v.toLowerCase()));
    const ignored = new Set(options.ignoredSuffixes.map((s) => s.toLowerCase()));
    const extra = new Set(options.extraPastParticiples.map((p) => p.toLowerCase()));
    const targets: RecordNode[] = [];
    const event = eventRecordOf(context.contract, context.contracts);
    if (event) targets.push(event);
    if (options.checkNestedRecords) {
      for (const record of schemaIndexOf(context.contract).records)
        if (!record.isTopLevel) targets.push(record);
    }
    for (const record of targets) {
      const name = record.simpleName;
      const words = wordsOf(name);
      const report = (
        messageId: 'forbiddenSuffix' | 'imperativeVerb' | 'notPastTense',
        data: Record<string, string>,
      ) => {
        context.report({
          messageId,
          data: { name, ...data },
          pointer: `${record.pointer}/name`,
          ...(record.fieldPath ? { fieldPath: record.fieldPath } : {}),
        });
      };
      const last = words.at(-1) ?? name;
      if (words.length > 1 && suffixes.has(last.toLowerCase())) {
        report('forbiddenSuffix', { suffix: last });
        continue;
      }
      const first = words[0];
      if (first !== undefined && words.length > 1 && verbs.has(first.toLowerCase())) {
        report('imperativeVerb', { verb: first });
        continue;
      }
      // Drop trailing ignored words (`Event`) and version markers (`V2`, `2`) before the tense check.
      let end = words.length;
      while (end > 1) {
        const word = words[end - 1]!.toLowerCase();
        if (ignored.has(word) || /^\d+$/.test(word) || word === 'v') end--;
        else break;
      }
      const tensed = words[end - 1] ?? name;
      if (!isPastParticiple(tensed, extra)) report('notPastTense', { word: tensed });
    }
  },
});
