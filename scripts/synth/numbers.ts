/**
 * Plausible numbers for one report that satisfy every identity of its template: most county bureaus receive
 * 0–5 requests a year, a city government thousands; results, carry-overs, reviews and lawsuits follow.
 */
import {
  T3_APPLICANT_COLUMNS,
  T3_RESULT_ROWS,
  T4_GROUPS,
  TEMPLATES,
  type TemplateId,
} from '../../src/domain/template.js';
import type { Kind } from './agencies.js';
import type { Random } from './random.js';

export type Cells = Record<string, number>;

const APPLICANT_WEIGHTS = [85, 8, 1, 1, 3, 2];
const RESULT_WEIGHTS: Record<string, number> = {
  granted: 35,
  partially_granted: 5,
  denied_state_secret: 0.5,
  denied_law_prohibited: 1,
  denied_security_stability: 0.5,
  denied_third_party: 1,
  denied_internal_affairs: 1.5,
  denied_process_info: 2,
  denied_enforcement_file: 1,
  denied_inquiry: 2,
  unable_not_held: 20,
  unable_needs_creation: 3,
  unable_unclear: 3,
  rejected_petition: 8,
  rejected_duplicate: 4,
  rejected_publication: 1,
  rejected_excessive: 1,
  rejected_confirmation: 1,
  other_no_correction: 5,
  other_unpaid_fee: 0.5,
  other_misc: 6,
  other_handling: 11.5,
};

function requestsFor(kind: Kind, rng: Random): number {
  switch (kind) {
    case 'township':
      return rng.geometric(0.75, 20);
    case 'county_bureau':
      return rng.geometric(0.45, 60);
    case 'county_government':
      return rng.logNormal(25, 1);
    case 'city_bureau':
      return rng.logNormal(20, 1.2);
    case 'city_government':
      return rng.logNormal(900, 0.8);
  }
}

export function synthNumbers(template: TemplateId, kind: Kind, rng: Random): Cells {
  const c: Cells = {};
  const t3 = TEMPLATES[template].t3;
  const results = T3_RESULT_ROWS(t3);
  const applicants = T3_APPLICANT_COLUMNS;
  const newReq = rng.split(requestsFor(kind, rng), APPLICANT_WEIGHTS);
  applicants.forEach((col, i) => {
    const carried = rng.chance(0.2) ? rng.int(0, Math.ceil(newReq[i] * 0.05)) : 0;
    const available = newReq[i] + carried;
    const forward = rng.chance(0.3) ? rng.int(0, Math.floor(available * 0.05)) : 0;
    const processed = available - forward;
    c[`t3.new_received.${col}`] = newReq[i];
    c[`t3.carried_over.${col}`] = carried;
    c[`t3.carried_forward.${col}`] = forward;
    c[`t3.total_processed.${col}`] = processed;
    const parts = rng.split(
      processed,
      results.map((r) => RESULT_WEIGHTS[r]),
    );
    results.forEach((r, k) => (c[`t3.${r}.${col}`] = parts[k]));
  });
  for (const row of t3.rows) c[`t3.${row.key}.total`] = applicants.reduce((a, col) => a + c[`t3.${row.key}.${col}`], 0);

  const total = c['t3.new_received.total'];
  for (const g of T4_GROUPS) {
    const n = rng.chance(Math.min(0.9, 0.05 + total / 200))
      ? rng.geometric(g === 'review' ? 0.3 : 0.5, Math.max(1, Math.round(total * 0.2)))
      : 0;
    const [upheld, corrected, other, pending] = rng.split(n, [60, 10, 20, 10]);
    Object.assign(c, {
      [`t4.${g}.upheld`]: upheld,
      [`t4.${g}.corrected`]: corrected,
      [`t4.${g}.other`]: other,
      [`t4.${g}.pending`]: pending,
      [`t4.${g}.total`]: n,
    });
  }

  const city = kind === 'city_government' || kind === 'city_bureau';
  if (template === '2021') {
    const regs = kind === 'city_government' ? rng.int(0, 5) : 0;
    Object.assign(c, {
      't2.regulations.issued': regs,
      't2.regulations.repealed': kind === 'city_government' ? rng.int(0, 2) : 0,
      't2.regulations.in_force': kind === 'city_government' ? rng.int(10, 120) : 0,
      't2.normative_docs.issued': rng.int(0, city ? 20 : 4),
      't2.normative_docs.repealed': rng.int(0, 3),
      't2.normative_docs.in_force': rng.int(0, city ? 200 : 30),
      't2.licensing.decisions': rng.chance(0.5) ? rng.logNormal(city ? 2000 : 80, 1.2) : 0,
      't2.punishment.decisions': rng.chance(0.5) ? rng.logNormal(city ? 500 : 20, 1.2) : 0,
      't2.coercion.decisions': rng.chance(0.3) ? rng.logNormal(city ? 50 : 3, 1) : 0,
      't2.fees.amount_10k_yuan': rng.chance(0.3) ? Math.round(rng.next() * (city ? 50000 : 500) * 100) / 100 : 0,
    });
  } else {
    const docs = rng.int(0, city ? 20 : 4);
    Object.assign(c, {
      't2.regulations.made': 0,
      't2.regulations.published': 0,
      't2.regulations.public_total': kind === 'city_government' ? rng.int(10, 100) : 0,
      't2.normative_docs.made': docs,
      't2.normative_docs.published': docs,
      't2.normative_docs.public_total': docs + rng.int(0, city ? 150 : 20),
    });
    for (const item of ['licensing', 'other_services', 'punishment', 'coercion']) {
      const prev = rng.int(0, city ? 300 : 40);
      Object.assign(c, {
        [`t2.${item}.prev_items`]: prev,
        [`t2.${item}.change`]: rng.int(-Math.min(prev, 5), 5),
        [`t2.${item}.decisions`]: rng.chance(0.5) ? rng.logNormal(city ? 800 : 30, 1.2) : 0,
      });
    }
    Object.assign(c, {
      't2.fees.prev_items': rng.int(0, 10),
      't2.fees.change': rng.int(-2, 2),
      't2.procurement.projects': rng.int(0, 30),
      't2.procurement.amount': rng.int(0, 30) ? rng.int(1000, 9_000_000) : 0,
    });
  }
  return c;
}
