import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Waiver } from '../../src/contracts/config-types.ts';
import type { Diagnostic } from '../../src/report/diagnostic.ts';
import { fingerprintOf } from '../../src/report/diagnostic.ts';
import { applyWaivers, waiverMatches } from '../../src/report/waivers.ts';
import { propertyRuns } from '../support/property.ts';

function finding(ruleId: string, contract: string, fieldPath?: string, line = 1): Diagnostic {
  const diagnostic: Diagnostic = {
    ruleId,
    messageId: 'm',
    severity: 'error',
    message: `${ruleId} on ${contract} ${fieldPath ?? ''}`,
    location: { file: 'contracts/x.avsc', line, column: 1 },
    contract,
    fingerprint: fingerprintOf({ ruleId, messageId: 'm', contract, path: fieldPath }),
  };
  if (fieldPath !== undefined) diagnostic.fieldPath = fieldPath;
  return diagnostic;
}

const deposited = 'com.acme.accounts.MoneyDeposited';
const opened = 'com.acme.accounts.AccountOpened';
const ran = new Set(['contract/doc-required', 'contract/db-column-leaked']);
const today = '2026-06-15';

describe('applyWaivers', () => {
  it('waives every finding of the rule on the contract when no field is given', () => {
    const findings = [
      finding('contract/doc-required', deposited, 'amount', 3),
      finding('contract/doc-required', deposited, undefined, 1),
      finding('contract/doc-required', opened, 'accountId', 2),
    ];
    const waivers: Waiver[] = [{ rule: 'contract/doc-required', contract: deposited, reason: 'legacy docs' }];
    const result = applyWaivers(findings, waivers, { today, ranRuleIds: ran });
    expect(result.map((d) => [d.contract, d.fieldPath, d.waived?.reason])).toEqual([
      [deposited, undefined, 'legacy docs'],
      [opened, 'accountId', undefined],
      [deposited, 'amount', 'legacy docs'],
    ]);
    // The severity text is kept; `waived` alone keeps the finding from failing a run.
    expect(result.every((d) => d.severity === 'error')).toBe(true);
  });

  // A waiver on `customer` covers `customer.address`, but not `customerId`, which merely shares a prefix.
  it('matches a field path and the fields under it, not siblings sharing a prefix', () => {
    const waiver: Waiver = {
      rule: 'contract/db-column-leaked',
      contract: deposited,
      field: 'customer',
      reason: 'r',
    };
    expect(waiverMatches(waiver, finding('contract/db-column-leaked', deposited, 'customer'))).toBe(true);
    expect(waiverMatches(waiver, finding('contract/db-column-leaked', deposited, 'customer.address'))).toBe(
      true,
    );
    expect(waiverMatches(waiver, finding('contract/db-column-leaked', deposited, 'customerId'))).toBe(false);
    expect(waiverMatches(waiver, finding('contract/db-column-leaked', deposited))).toBe(false);
    expect(waiverMatches(waiver, finding('contract/doc-required', deposited, 'customer'))).toBe(false);
    expect(waiverMatches(waiver, finding('contract/db-column-leaked', opened, 'customer'))).toBe(false);
  });

  it('copies ticket and expiry into the waived finding and leaves the input untouched', () => {
    const input = [finding('contract/doc-required', deposited, 'amount')];
    const waivers: Waiver[] = [
      {
        rule: 'contract/doc-required',
        contract: deposited,
        reason: 'r',
        ticket: 'ACME-1',
        expires: '2026-06-15',
      },
    ];
    const [waived] = applyWaivers(input, waivers, { today, ranRuleIds: ran });
    expect(waived?.waived).toEqual({ reason: 'r', ticket: 'ACME-1', expires: '2026-06-15' });
    expect(input[0]?.waived).toBeUndefined();
  });

  // The expiry day itself is still valid; the day after, the waiver is an error and accepts nothing.
  it('reports an expired waiver as an error located on the waiver, and does not apply it', () => {
    const waivers: Waiver[] = [
      { rule: 'contract/doc-required', contract: opened, reason: 'unused but valid', expires: '2026-06-15' },
      { rule: 'contract/doc-required', contract: deposited, reason: 'r', expires: '2026-06-14' },
    ];
    const result = applyWaivers([finding('contract/doc-required', deposited, 'amount', 9)], waivers, {
      today,
      ranRuleIds: ran,
      configFile: 'kontract.config.json',
      locateWaiver: (index) => ({ file: 'kontract.config.json', line: 40 + index * 5, column: 5 }),
    });
    expect(result.map((d) => [d.ruleId, d.severity, d.location?.line, d.waived !== undefined])).toEqual([
      ['contract/doc-required', 'error', 9, false],
      ['config/waiver-unused', 'warning', 40, false],
      ['config/waiver-expired', 'error', 45, false],
    ]);
    expect(result[2]?.message).toContain('expired on 2026-06-14');
  });

  it('reports an unused waiver as a warning, at the config file when the waiver cannot be located', () => {
    const waivers: Waiver[] = [
      { rule: 'contract/db-column-leaked', contract: opened, field: 'createdAt', reason: 'r' },
    ];
    const [unused] = applyWaivers([], waivers, {
      today,
      ranRuleIds: ran,
      configFile: 'kontract.config.json',
    });
    expect(unused).toMatchObject({
      ruleId: 'config/waiver-unused',
      severity: 'warning',
      contract: opened,
      fieldPath: 'createdAt',
      location: { file: 'kontract.config.json', line: 1, column: 1, pointer: '/waivers/0' },
    });
  });

  // `kontract lint` must not call a replay waiver unused (or expired) just because replay did not run.
  it('leaves waivers for rules that did not run alone', () => {
    const waivers: Waiver[] = [
      { rule: 'replay/not-idempotent', contract: deposited, reason: 'r' },
      { rule: 'compat/type-mismatch', contract: deposited, reason: 'r', expires: '2020-01-01' },
    ];
    expect(applyWaivers([], waivers, { today, ranRuleIds: ran })).toEqual([]);
  });

  it('counts a waiver as used even when an earlier waiver already accepted the same finding', () => {
    const waivers: Waiver[] = [
      { rule: 'contract/doc-required', contract: deposited, reason: 'first' },
      { rule: 'contract/doc-required', contract: deposited, field: 'amount', reason: 'second' },
    ];
    const result = applyWaivers([finding('contract/doc-required', deposited, 'amount')], waivers, {
      today,
      ranRuleIds: ran,
    });
    expect(result).toHaveLength(1);
    expect(result[0]?.waived?.reason).toBe('first');
  });

  it('never drops or invents findings: every input finding comes back once, waived exactly when a live waiver matches', () => {
    const rules = ['contract/doc-required', 'contract/db-column-leaked', 'replay/not-idempotent'];
    const contracts = [deposited, opened];
    const paths = [undefined, 'customer', 'customer.address', 'customerId'];
    const findingArb = fc
      .tuple(fc.constantFrom(...rules), fc.constantFrom(...contracts), fc.constantFrom(...paths), fc.nat(50))
      .map(([rule, contract, path, line]) => finding(rule, contract, path, line + 1));
    const waiverArb = fc
      .record({
        rule: fc.constantFrom(...rules),
        contract: fc.constantFrom(...contracts),
        field: fc.constantFrom(...paths),
        expires: fc.constantFrom(undefined, '2026-06-14', '2026-06-15', '2027-01-01'),
      })
      .map(({ field, expires, ...rest }) => {
        const waiver: Waiver = { ...rest, reason: 'r' };
        if (field !== undefined) waiver.field = field;
        if (expires !== undefined) waiver.expires = expires;
        return waiver;
      });
    fc.assert(
      fc.property(
        fc.array(findingArb, { maxLength: 12 }),
        fc.array(waiverArb, { maxLength: 6 }),
        (findings, waivers) => {
          const result = applyWaivers(findings, waivers, { today, ranRuleIds: new Set(rules.slice(0, 2)) });
          const returned = result.filter((d) => !d.ruleId.startsWith('config/'));
          expect(returned.map((d) => d.message).sort()).toEqual(findings.map((d) => d.message).sort());
          for (const d of returned) {
            const live = waivers.some(
              (w) =>
                rules.slice(0, 2).includes(w.rule) &&
                !(w.expires && w.expires < today) &&
                waiverMatches(w, d),
            );
            expect(d.waived !== undefined).toBe(live);
          }
        },
      ),
      propertyRuns(200),
    );
  });
});
