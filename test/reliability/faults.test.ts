import type { IDataObject } from 'n8n-workflow';

import { SANDBOX_CREDENTIALS, credentialData } from '../../sandbox/credentials';
import type { BikSim } from '../../sandbox/providers/bik';
import type { HyfinSim } from '../../sandbox/providers/hyfin';
import type { OmnideskSim } from '../../sandbox/providers/omnidesk';
import type { RehookSim } from '../../sandbox/providers/rehook';
import { Sandbox, type LoggedRequest } from '../../sandbox/server';
import { TryNotes } from '../../nodes/shared/run/tries';
import { ApiServer, type Received } from '../helpers/api-server';
import { RedirectingProxy, type RedirectTo } from '../helpers/redirecting-proxy';
import { runNode, type RunOptions, type RunResult } from '../helpers/run-node';
import { BIK_AUTH, call } from '../helpers/sandbox-call';
import {
	FAST_OPTIONS,
	FaultFigures,
	account,
	applied,
	bodyField,
	faultCounts,
	isRateLimited,
	logOf,
	reappliedAfterLostAnswer,
	requestsPerItem,
	slowedCounts,
	when,
	type Accounting,
	type FaultSetting,
} from '../helpers/fault-support';

/**
 * The nodes under faults, against the sandbox over real HTTP and n8n's real execution path: runs of
 * a few hundred items with 429s (with and without Retry-After), 500s, 503s, dropped connections
 * (before and after the provider applied the request) and slow bodies. Every item ends as exactly
 * one output item, a result or an error item; an upsert sent again leaves the same record; a plain
 * create is never sent again after a 5xx or a dropped connection; Max Retries and Max Wait hold; a
 * provider that stays down ends the run with a clear error. The figures go to
 * test-artifacts/reliability-faults.json.
 */
const ARTIFACT = `${__dirname}/../../test-artifacts/reliability-faults.json`;
const OMNIDESK_KEY = { apikey: SANDBOX_CREDENTIALS.omnidesk.apiKey };

const sandbox = new Sandbox({ seed: 1 });
const figures = new FaultFigures();
let url: string;

beforeAll(async () => {
	url = await sandbox.start();
});
afterAll(async () => {
	await sandbox.stop();
	figures.write(ARTIFACT);
});
beforeEach(() => sandbox.reset({ faults: true, seed: 20240611 }));

type Node = 'bik' | 'omnidesk' | 'rehook' | 'hyfin';
const DISPLAY: Record<Node, string> = { bik: 'BIK', omnidesk: 'Omnidesk', rehook: 'Rehook', hyfin: 'Hyfin' };
const CREDENTIAL: Record<Node, keyof ReturnType<typeof credentialData>> = { bik: 'bikApi', omnidesk: 'omnideskApi', rehook: 'rehookApi', hyfin: 'hyfinApi' };

/** Runs one node against the sandbox at `base`; with Continue On Fail unless `continueOnFail` is false. */
function run(type: Node, parameters: IDataObject, items: IDataObject[], options: IDataObject, base = url, continueOnFail = true, retry?: RunOptions['retry']) {
	const credential = CREDENTIAL[type];
	return runNode({
		type,
		parameters: { resource: 'customer', ...parameters, options } as never,
		credentials: { [credential]: credentialData(base)[credential] },
		items,
		onError: continueOnFail ? 'continueRegularOutput' : undefined,
		retry,
	});
}

/** Runs the node and times it. */
async function timed(runIt: () => Promise<RunResult>): Promise<{ result: RunResult; seconds: number }> {
	const started = Date.now();
	const result = await runIt();
	return { result, seconds: (Date.now() - started) / 1000 };
}

/** A name Omnidesk accepts (letters only) that differs per item. */
function word(n: number): string {
	let letters = '';
	do {
		letters = String.fromCharCode(97 + (n % 26)) + letters;
		n = Math.floor(n / 26);
	} while (n > 0);
	return `Anna${letters}`;
}

const range = (count: number) => Array.from({ length: count }, (_, i) => i);
const status = (entry: LoggedRequest) => (typeof entry.outcome === 'number' ? entry.outcome : 0);
const ok = (entry: LoggedRequest) => status(entry) >= 200 && status(entry) < 300 && entry.fault !== 'dropAfter';

/**
 * Checks the run of an idempotent operation under faults and returns what each item went through:
 * - every input item has exactly one output item, in input order, paired with it;
 * - every request for an item carries the same body (a retry sends the same request);
 * - a succeeded item's last request was answered 2xx and nothing was sent for it after that;
 * - an error item was tried Max Retries + 1 times, and its error says so, with the HTTP code or
 *   the connection failure of the last try.
 */
function checkRetriedRun(args: {
	type: Node;
	result: RunResult;
	count: number;
	maxRetries: number;
	perItem: Map<string, LoggedRequest[]>;
	keyOf: (index: number) => string;
	body?: (index: number) => unknown;
}): Accounting & { entriesOf: (index: number) => LoggedRequest[] } {
	const { type, result, count, maxRetries, perItem, keyOf, body } = args;
	expect(result.error).toBeUndefined();
	const accounting = account(result.items, count);
	expect(accounting.lost).toEqual([]);
	expect(accounting.inOrder).toBe(true);
	expect(accounting.succeeded.length + accounting.failed.length).toBe(count);
	const entriesOf = (index: number) => perItem.get(keyOf(index)) ?? [];
	for (const i of range(count)) {
		const entries = entriesOf(i);
		expect(entries.length).toBeGreaterThanOrEqual(1);
		if (body) for (const entry of entries) expect(entry.body).toEqual(body(i));
	}
	for (const i of accounting.succeeded) {
		const entries = entriesOf(i);
		expect(entries.slice(0, -1).some(ok)).toBe(false);
		expect(ok(entries[entries.length - 1])).toBe(true);
	}
	for (const i of accounting.failed) {
		const entries = entriesOf(i);
		const json = accounting.output.get(i)!;
		const details = json.details as IDataObject;
		const last = entries[entries.length - 1];
		expect(entries).toHaveLength(maxRetries + 1);
		expect(entries.some(ok)).toBe(false);
		expect(json.error).toMatch(new RegExp(`\\[item ${i}\\]$`));
		const tries = maxRetries > 0 ? `Tried ${maxRetries + 1} times. ` : '';
		if (last.outcome === 'dropped') {
			expect(json.error).toBe(`Could not reach ${DISPLAY[type]}: the connection was closed before an answer came [item ${i}]`);
			expect(details.description).toMatch(new RegExp(`^Network error ECONNRESET\\. ${tries}Check the Base URL`));
		} else {
			expect(details.httpCode).toBe(String(last.outcome));
			expect(details.description).toContain(`${DISPLAY[type]} answered ${String(last.outcome)}`);
			if (tries) expect(details.description).toContain(tries);
			expect(details.description).not.toContain('Not retried');
		}
	}
	return { ...accounting, entriesOf };
}

/** Records the figures of a run. */
function record(name: string, run: { count: number; accounting: Accounting; log: LoggedRequest[]; setting?: FaultSetting; seconds: number; duplicates?: number; reapplied?: number }) {
	figures.add({
		name,
		items: run.count,
		succeeded: run.accounting.succeeded.length,
		errorItems: run.accounting.failed.length,
		lost: run.accounting.lost.length,
		duplicates: run.duplicates ?? 0,
		reapplied: run.reapplied ?? 0,
		requests: run.log.length,
		faults: faultCounts(run.log, run.setting),
		slowed: slowedCounts(run.log, run.setting),
		seconds: run.seconds,
	});
}

describe('upserts under a mix of faults: nothing lost, nothing applied twice in a way that changes the result', () => {
	/**
	 * BIK Create or Update, 300 customers, with every kind of fault at once. Half way through the
	 * provider tightens its rate limit and stops sending Retry-After, so both kinds of 429 occur.
	 */
	test('BIK Create or Update: every item comes out once; the records hold exactly what was sent', async () => {
		const count = 300;
		const maxRetries = 5;
		const customers = range(count).map((i) => ({
			id: `p-${i}`,
			email: `c${i}@example.com`,
			alt: `c${i}.alt@example.com`,
			firstName: `First ${i}`,
			lastName: `Last ${i}`,
			tags: `t${i % 7}, faults`,
		}));
		const sent = (i: number) => ({
			email: customers[i].email,
			partnerCustomerId: customers[i].id,
			firstName: customers[i].firstName,
			lastName: customers[i].lastName,
			alternateEmails: [customers[i].alt],
			tags: [`t${i % 7}`, 'faults'],
		});
		sandbox.faults.set({ rateLimit: 80, retryAfter: true, fail500: 0.04, fail503: 0.01, drop: 0.04, dropAfter: 0.05, slowBodyMs: 15 });
		let flippedAt = Infinity;
		const cancel = when(
			() => sandbox.log.length >= count / 3 && sandbox.log.some(isRateLimited),
			() => {
				flippedAt = sandbox.log.length;
				sandbox.faults.set({ rateLimit: 60, retryAfter: false });
			},
		);
		const { result, seconds } = await timed(() =>
			run(
				'bik',
				{
					operation: 'createOrUpdate',
					email: '={{ $json.email }}',
					additionalFields: {
						partnerCustomerId: '={{ $json.id }}',
						firstName: '={{ $json.firstName }}',
						lastName: '={{ $json.lastName }}',
						alternateEmails: '={{ $json.alt }}',
						tags: '={{ $json.tags }}',
					},
				},
				customers,
				{ ...FAST_OPTIONS, maxRetries },
			),
		).finally(cancel);
		const log = logOf(sandbox);
		const perItem = requestsPerItem(log, (entry) => (entry.path.endsWith('/createOrUpdate') ? bodyField(entry, 'email') : undefined));
		const checked = checkRetriedRun({ type: 'bik', result, count, maxRetries, perItem, keyOf: (i) => customers[i].email, body: sent });

		// The faults really happened, every kind of them.
		const faults = faultCounts(log, { retryAfterUntilSeq: flippedAt });
		for (const kind of ['429 with Retry-After', '429 without Retry-After', 'fail500', 'fail503', 'drop', 'dropAfter']) {
			expect(faults[kind] ?? 0).toBeGreaterThan(0);
		}
		expect(slowedCounts(log, { slowBody: true }).slowBody).toBeGreaterThan(0);

		// What BIK holds, read through its own get endpoint once the faults are off.
		sandbox.faults.clear();
		const appliedItems = range(count).filter((i) => checked.entriesOf(i).some(applied));
		const reapplied = range(count).filter((i) => reappliedAfterLostAnswer(checked.entriesOf(i)));
		expect(reapplied.length).toBeGreaterThan(0);
		expect((sandbox.sims.bik as BikSim).state().customers).toBe(appliedItems.length);
		let duplicateAssets = 0;
		for (const i of range(count)) {
			const answer = await call(`${url}/bik/integrations/bikPlatformFunctions-customers/get`, {
				headers: { authorization: BIK_AUTH },
				json: { partnerCustomerId: customers[i].id },
			});
			if (!appliedItems.includes(i)) {
				expect(answer.status).toBe(406);
				continue;
			}
			const stored = answer.body.data.customer;
			const { alternateEmails, ...fields } = sent(i);
			expect(stored).toMatchObject(fields);
			const assets = (stored.assets as Array<{ assetValue: string }>).map((asset) => asset.assetValue);
			duplicateAssets += assets.length - new Set(assets).size;
			expect(assets).toEqual([customers[i].email, ...alternateEmails]);
			if (checked.succeeded.includes(i)) expect(checked.output.get(i)).toMatchObject({ id: stored.id, ...fields });
		}
		const duplicates = (sandbox.sims.bik as BikSim).state().customers - appliedItems.length + duplicateAssets;
		record('BIK Create or Update, fault mix', { count, accounting: checked, log, seconds, duplicates, reapplied: reapplied.length, setting: { retryAfterUntilSeq: flippedAt, slowBody: true } });
	}, 60_000);

	/** Rehook Create or Update, 300 customers, Max Retries 2: re-applied upserts leave the record and its referral code as sent. */
	test('Rehook Create or Update: every item comes out once; the records hold exactly what was sent', async () => {
		const count = 300;
		const maxRetries = 2;
		const customers = range(count).map((i) => ({
			sourceId: `src-${i}`,
			code: i % 2 === 0 ? `REF${i}` : '',
			metadata: { name: word(i), tier: i % 3, vip: i % 5 === 0 },
		}));
		const sent = (i: number) => ({ metadata: customers[i].metadata, referral_code: customers[i].code, source_id: customers[i].sourceId });
		const setting: FaultSetting = { retryAfterUntilSeq: 0, slowBody: true };
		sandbox.faults.set({ rateLimit: 80, retryAfter: false, fail500: 0.05, fail503: 0.005, drop: 0.05, dropAfter: 0.06, slowBodyMs: 10 });
		const { result, seconds } = await timed(() =>
			run(
				'rehook',
				{
					authentication: 'basic',
					operation: 'createOrUpdate',
					sourceId: '={{ $json.sourceId }}',
					referralCode: '={{ $json.code }}',
					metadataInput: 'json',
					metadataJson: '={{ JSON.stringify($json.metadata) }}',
				},
				customers,
				{ ...FAST_OPTIONS, maxRetries },
			),
		);
		const log = logOf(sandbox);
		const perItem = requestsPerItem(log, (entry) => bodyField(entry, 'source_id'));
		const checked = checkRetriedRun({ type: 'rehook', result, count, maxRetries, perItem, keyOf: (i) => customers[i].sourceId, body: sent });
		for (const kind of ['429 without Retry-After', 'fail500', 'drop', 'dropAfter']) expect(faultCounts(log, setting)[kind] ?? 0).toBeGreaterThan(0);

		const sim = sandbox.sims.rehook as RehookSim;
		const appliedItems = range(count).filter((i) => checked.entriesOf(i).some(applied));
		const reapplied = range(count).filter((i) => reappliedAfterLostAnswer(checked.entriesOf(i)));
		expect(reapplied.length).toBeGreaterThan(0);
		expect(sim.state()).toEqual({ customers: appliedItems.length, appCustomers: 0, referralCodes: appliedItems.length });
		for (const i of range(count)) {
			const stored = sim.customer(customers[i].sourceId);
			if (!appliedItems.includes(i)) {
				expect(stored).toBeUndefined();
				continue;
			}
			expect(stored?.metadata).toEqual(customers[i].metadata);
			expect(stored?.referral_code).toMatch(customers[i].code ? new RegExp(`^${customers[i].code}$`) : /^RH[0-9A-Z]{6}$/);
		}
		// What the user reads: "created" unless an earlier, lost attempt had already created it.
		for (const i of checked.succeeded) {
			const entries = checked.entriesOf(i);
			const createdBefore = entries.slice(0, -1).some(applied);
			expect(checked.output.get(i)).toMatchObject({ sourceId: customers[i].sourceId, action: createdBefore ? 'updated' : 'created' });
		}
		record('Rehook Create or Update, fault mix', { count, accounting: checked, log, seconds, reapplied: reapplied.length, setting, duplicates: sim.state().customers - appliedItems.length });
	}, 60_000);

	/** Hyfin Add or Update, 300 customers, Max Retries 1: some items fail, each as an error item saying so. */
	test('Hyfin Add or Update: every item comes out once, as a result or an error item; the records hold exactly what was sent', async () => {
		const count = 300;
		const maxRetries = 1;
		const customers = range(count).map((i) => ({ externalId: `ext-${i}`, firstName: word(i), lastName: 'Faults', email: `h${i}@example.com` }));
		const sent = (i: number) => ({ external_id: `ext-${i}`, first_name: word(i), last_name: 'Faults', email: `h${i}@example.com`, active: true });
		const setting: FaultSetting = { slowBody: true };
		sandbox.faults.set({ rateLimit: 80, retryAfter: true, fail500: 0.08, fail503: 0.005, drop: 0.06, dropAfter: 0.08, slowBodyMs: 10 });
		const { result, seconds } = await timed(() =>
			run(
				'hyfin',
				{
					operation: 'addUpdate',
					externalId: '={{ $json.externalId }}',
					firstName: '={{ $json.firstName }}',
					lastName: '={{ $json.lastName }}',
					additionalFields: { email: '={{ $json.email }}' },
				},
				customers,
				{ ...FAST_OPTIONS, maxRetries },
			),
		);
		const log = logOf(sandbox);
		const perItem = requestsPerItem(log, (entry) => bodyField(entry, 'external_id'));
		const checked = checkRetriedRun({ type: 'hyfin', result, count, maxRetries, perItem, keyOf: (i) => customers[i].externalId, body: sent });
		expect(checked.failed.length).toBeGreaterThan(0);
		for (const kind of ['429 with Retry-After', 'fail500', 'drop', 'dropAfter']) expect(faultCounts(log, setting)[kind] ?? 0).toBeGreaterThan(0);

		const sim = sandbox.sims.hyfin as HyfinSim;
		const appliedItems = range(count).filter((i) => checked.entriesOf(i).some(applied));
		const reapplied = range(count).filter((i) => reappliedAfterLostAnswer(checked.entriesOf(i)));
		expect(reapplied.length).toBeGreaterThan(0);
		expect(sim.state().customers).toBe(appliedItems.length);
		for (const i of range(count)) {
			const stored = sim.customer(customers[i].externalId);
			if (!appliedItems.includes(i)) {
				expect(stored).toBeUndefined();
				continue;
			}
			const { external_id, first_name, last_name, email, active } = sent(i);
			expect(stored).toMatchObject({ external_id, first_name, last_name, email, active });
			if (!checked.succeeded.includes(i)) continue;
			const addedBefore = checked.entriesOf(i).slice(0, -1).some(applied);
			expect(checked.output.get(i)).toEqual({ externalId: external_id, success: true, action: addedBefore ? 'updated' : 'added', _id: stored?._id });
		}
		record('Hyfin Add or Update, fault mix, Max Retries 1', { count, accounting: checked, log, seconds, reapplied: reapplied.length, setting, duplicates: sim.state().customers - appliedItems.length });
	}, 60_000);
});

describe('Omnidesk: a plain create is never sent twice; updates and deletes are retried', () => {
	const omnidesk = () => sandbox.sims.omnidesk as OmnideskSim;

	/** Every customer Omnidesk holds, read page by page once the faults are off. */
	async function omnideskCustomers(): Promise<IDataObject[]> {
		const all: IDataObject[] = [];
		for (let start = 0; ; start += 99) {
			const { body } = await call(`${url}/omnidesk/api/v2/customer?itemStart=${start}&itemLimit=99`, { headers: OMNIDESK_KEY });
			all.push(...(body.items as IDataObject[]));
			if (start + 99 >= body.itemTotal) return all;
		}
	}

	/** Runs Omnidesk Create for `count` customers and checks the rule of plain creates: only a 429 is followed by another try. */
	async function createUnder(name: string, count: number, setting: FaultSetting) {
		const customers = range(count).map((i) => ({ primaryId: `crm-${i}`, firstName: word(i) }));
		const { result, seconds } = await timed(() =>
			run(
				'omnidesk',
				{ operation: 'create', primaryId: '={{ $json.primaryId }}', brandId: '1', additionalFields: { firstName: '={{ $json.firstName }}' } },
				customers,
				FAST_OPTIONS,
			),
		);
		const log = logOf(sandbox);
		expect(result.error).toBeUndefined();
		const accounting = account(result.items, count);
		expect(accounting.lost).toEqual([]);
		expect(accounting.inOrder).toBe(true);
		const perItem = requestsPerItem(log, (entry) => bodyField(entry, 'primary_id'));
		const entriesOf = (i: number) => perItem.get(customers[i].primaryId) ?? [];
		for (const i of range(count)) {
			const entries = entriesOf(i);
			expect(entries.length).toBeGreaterThanOrEqual(1);
			for (const entry of entries) expect(entry.body).toEqual({ brand_id: '1', primary_id: customers[i].primaryId, firstname: word(i) });
			// Every try but the last was refused with 429: nothing is sent again after a 5xx or a broken connection.
			expect(entries.slice(0, -1).every(isRateLimited)).toBe(true);
		}
		expect(omnidesk().state().duplicateCreates).toBe(0);
		const appliedItems = range(count).filter((i) => entriesOf(i).some(applied));
		sandbox.faults.clear();
		const stored = (await omnideskCustomers()).map((customer) => customer.external_primary_id as string);
		expect(stored.sort()).toEqual(appliedItems.map((i) => customers[i].primaryId).sort());
		const duplicates = omnidesk().state().duplicateCreates + stored.length - new Set(stored).size;
		record(name, { count, accounting, log, seconds, setting, duplicates });
		return { accounting, entriesOf, customers };
	}

	/** Omnidesk Create, 300 customers, under 500s, dropped connections (before and after applying) and 429s. */
	test('Create under 500, drop and dropAfter: failed creates are error items that say why they were not retried', async () => {
		sandbox.faults.set({ fail500: 0.08, drop: 0.06, dropAfter: 0.06, rateLimit: 100, retryAfter: true });
		const { accounting, entriesOf, customers } = await createUnder('Omnidesk Create, 500/drop/dropAfter/429', 300, {});
		const failedBy: Record<string, number> = {};
		for (const i of accounting.succeeded) {
			const last = entriesOf(i)[entriesOf(i).length - 1];
			expect(last.outcome).toBe(200);
			expect(accounting.output.get(i)).toEqual({ created: true, primaryId: customers[i].primaryId, brandId: 1, type: 'result', message: 'User created.' });
		}
		for (const i of accounting.failed) {
			const last = entriesOf(i)[entriesOf(i).length - 1];
			const json = accounting.output.get(i)!;
			failedBy[last.fault ?? String(last.outcome)] = (failedBy[last.fault ?? String(last.outcome)] ?? 0) + 1;
			// After a 429 the note counts the tries instead (see the failing test below); the first try says why it stopped.
			const firstTry = entriesOf(i).length === 1;
			if (last.fault === 'fail500') {
				expect(json.error).toBe(`Omnidesk server error: Internal server error [item ${i}]`);
				expect((json.details as IDataObject).httpCode).toBe('500');
				if (firstTry) {
					expect((json.details as IDataObject).description).toBe(
						'Omnidesk answered 500 (Omnidesk server error). Not retried: this operation could create a duplicate if sent twice. The provider had a problem. Try again later.',
					);
				}
			} else if (last.fault === 'rate-limit') {
				// Rate limited on every try: nothing was applied, so it was retried up to Max Retries.
				expect(entriesOf(i)).toHaveLength(6);
				expect((json.details as IDataObject).description).toContain('Tried 6 times.');
			} else {
				expect(['drop', 'dropAfter']).toContain(last.fault);
				expect(json.error).toBe(`Could not reach Omnidesk: the connection was closed before an answer came [item ${i}]`);
				if (firstTry) expect((json.details as IDataObject).description).toMatch(/^Network error ECONNRESET\. Not retried: this operation could create a duplicate if sent twice\. /);
			}
		}
		for (const kind of ['drop', 'dropAfter', 'fail500']) expect(failedBy[kind] ?? 0).toBeGreaterThan(0);
	}, 60_000);

	/**
	 * A create retried after a 429 and then answered 500 stops there, and says both: how often it was
	 * sent, and that it was not retried after the 500 because it could create a duplicate.
	 */
	test('a create rate limited first, then answered 500, says it was tried twice and not retried after the 500', async () => {
		sandbox.faults.set({ rateLimit: 1, retryAfter: true, fail500: 1 });
		const items = [{ primaryId: 'first' }, { primaryId: 'second' }];
		const { result } = await timed(() => run('omnidesk', { operation: 'create', primaryId: '={{ $json.primaryId }}' }, items, FAST_OPTIONS));
		const accounting = account(result.items, 2);
		const perItem = requestsPerItem(logOf(sandbox), (entry) => bodyField(entry, 'primary_id'));
		const limited = [0, 1].find((i) => perItem.get(items[i].primaryId)!.length === 2)!;
		// One create got the second's only request; the other was rate limited, then answered 500, and not sent a third time.
		expect(perItem.get(items[limited].primaryId)!.map((entry) => entry.fault)).toEqual(['rate-limit', 'fail500']);
		expect(perItem.get(items[1 - limited].primaryId)!.map((entry) => entry.fault)).toEqual(['fail500']);
		expect(accounting.failed).toEqual([0, 1]);
		expect((accounting.output.get(1 - limited)!.details as IDataObject).description).toContain('Not retried: this operation could create a duplicate if sent twice.');
		expect((accounting.output.get(limited)!.details as IDataObject).description).toContain(
			'Tried 2 times; not retried after this answer: this operation could create a duplicate if sent twice.',
		);
	}, 20_000);

	/** A 429 without Retry-After means nothing was applied: even a plain create is retried, after a backoff, and all succeed. */
	test('Create under 429 without Retry-After: retried with backoff, all succeed, no duplicates', async () => {
		sandbox.faults.set({ rateLimit: 60, retryAfter: false });
		const { accounting, entriesOf } = await createUnder('Omnidesk Create, 429 without Retry-After', 200, { retryAfterUntilSeq: 0 });
		expect(accounting.failed).toEqual([]);
		let limited = 0;
		for (const i of range(200)) {
			const entries = entriesOf(i);
			expect(entries.filter((entry) => !isRateLimited(entry))).toHaveLength(1);
			for (let k = 1; k < entries.length; k++) {
				limited++;
				// The shortest backoff: half of 500 ms.
				expect(Date.parse(entries[k].at) - Date.parse(entries[k - 1].at)).toBeGreaterThanOrEqual(245);
			}
		}
		expect(limited).toBeGreaterThan(0);
	}, 60_000);

	/** Omnidesk Update of 300 existing customers under the same faults: retried, and each customer ends with the name sent. */
	test('Update under 500, drop and dropAfter: retried; every customer ends with the values sent', async () => {
		const count = 300;
		const maxRetries = 5;
		omnidesk().seed(count);
		const setting: FaultSetting = {};
		sandbox.faults.set({ fail500: 0.08, drop: 0.06, dropAfter: 0.06 });
		const items = range(count).map((i) => ({ id: String(i + 1), firstName: word(i) }));
		const { result, seconds } = await timed(() =>
			run(
				'omnidesk',
				{ operation: 'update', customerId: '={{ $json.id }}', updateFields: { firstName: '={{ $json.firstName }}', lastName: 'Faults' } },
				items,
				{ ...FAST_OPTIONS, maxRetries },
			),
		);
		const log = logOf(sandbox);
		const perItem = requestsPerItem(log, (entry) => (entry.method === 'PUT' ? entry.path.split('/').pop() : undefined));
		const checked = checkRetriedRun({
			type: 'omnidesk',
			result,
			count,
			maxRetries,
			perItem,
			keyOf: (i) => String(i + 1),
			body: (i) => ({ firstname: word(i), lastname: 'Faults' }),
		});
		expect(range(count).filter((i) => checked.entriesOf(i).length > 1).length).toBeGreaterThan(0);
		for (const i of checked.succeeded) {
			expect(checked.output.get(i)).toEqual({ updated: true, customerId: i + 1, message: 'Customer updated.', type: 'result' });
		}
		sandbox.faults.clear();
		expect(omnidesk().state()).toMatchObject({ customers: count, duplicateCreates: 0 });
		for (const i of range(count)) {
			const { body } = await call(`${url}/omnidesk/api/v2/customer/${i + 1}`, { headers: OMNIDESK_KEY });
			const appliedOnce = checked.entriesOf(i).some(applied);
			expect(body.firstname === word(i) && body.lastname === 'Faults').toBe(appliedOnce);
		}
		const reapplied = range(count).filter((i) => reappliedAfterLostAnswer(checked.entriesOf(i))).length;
		record('Omnidesk Update, 500/drop/dropAfter', { count, accounting: checked, log, seconds, setting, reapplied });
	}, 60_000);

	/**
	 * Omnidesk Delete of 300 customers under the same faults, with more dropAfter: when the delete
	 * went through but its answer was lost, the retry gets 404, and the item is a success.
	 */
	test('Delete under 500, drop and dropAfter: a retry that finds the customer gone counts as deleted', async () => {
		const count = 300;
		const maxRetries = 5;
		omnidesk().seed(count);
		const setting: FaultSetting = {};
		sandbox.faults.set({ fail500: 0.05, drop: 0.05, dropAfter: 0.12 });
		const items = range(count).map((i) => ({ id: String(i + 1) }));
		const { result, seconds } = await timed(() => run('omnidesk', { operation: 'delete', customerId: '={{ $json.id }}' }, items, { ...FAST_OPTIONS, maxRetries }));
		const log = logOf(sandbox);
		const perItem = requestsPerItem(log, (entry) => (entry.method === 'DELETE' ? entry.path.split('/').pop() : undefined));
		// The 404 that follows a lost answer is a success here, not the last try of a failure.
		expect(result.error).toBeUndefined();
		const accounting = account(result.items, count);
		expect(accounting.lost).toEqual([]);
		expect(accounting.inOrder).toBe(true);
		const entriesOf = (i: number) => perItem.get(String(i + 1)) ?? [];
		const goneOnRetry = range(count).filter((i) => {
			const entries = entriesOf(i);
			return entries.some((entry) => entry.fault === 'dropAfter') && entries[entries.length - 1].outcome === 404;
		});
		expect(goneOnRetry.length).toBeGreaterThan(0);
		for (const i of goneOnRetry) expect(accounting.output.get(i)).toEqual({ deleted: true, customerId: i + 1 });
		for (const i of accounting.succeeded) expect(accounting.output.get(i)).toEqual({ deleted: true, customerId: i + 1 });
		for (const i of accounting.failed) {
			expect(entriesOf(i)).toHaveLength(maxRetries + 1);
			expect((accounting.output.get(i)!.details as IDataObject).description).toContain(`Tried ${maxRetries + 1} times.`);
		}
		const deleted = range(count).filter((i) => entriesOf(i).some(applied));
		expect(omnidesk().state().customers).toBe(count - deleted.length);
		// Every item reported deleted is gone.
		sandbox.faults.clear();
		for (const i of accounting.succeeded) expect((await call(`${url}/omnidesk/api/v2/customer/${i + 1}`, { headers: OMNIDESK_KEY })).status).toBe(404);
		record('Omnidesk Delete, 500/drop/dropAfter', { count, accounting, log, seconds, setting, reapplied: goneOnRetry.length });
	}, 60_000);
});

describe('Max Retries and Max Wait are respected', () => {
	const bikItems = (count: number) => range(count).map((i) => ({ email: `r${i}@example.com` }));
	const bik = (count: number, options: IDataObject) =>
		timed(() => run('bik', { operation: 'createOrUpdate', email: '={{ $json.email }}' }, bikItems(count), { ...FAST_OPTIONS, ...options }));
	const perEmail = () => requestsPerItem(logOf(sandbox), (entry) => bodyField(entry, 'email'));

	/** With every request answered 500, an upsert is sent Max Retries + 1 times, and the error says how many. */
	test('Max Retries 2: exactly 3 requests per item, and the error says "Tried 3 times"', async () => {
		sandbox.faults.set({ fail500: 1 });
		const { result, seconds } = await bik(5, { maxRetries: 2, maxWait: 0.05 });
		const accounting = account(result.items, 5);
		expect(accounting.failed).toEqual(range(5));
		expect([...perEmail().values()].map((entries) => entries.length)).toEqual([3, 3, 3, 3, 3]);
		expect(sandbox.log).toHaveLength(15);
		for (const i of range(5)) {
			expect(accounting.output.get(i)).toEqual({
				error: `BIK server error: Internal Server Error [item ${i}]`,
				details: { httpCode: '500', description: 'BIK answered 500 (BIK server error). Tried 3 times. The provider had a problem. Try again later.' },
			});
		}
		record('BIK Create or Update, 500 always, Max Retries 2', { count: 5, accounting, log: logOf(sandbox), seconds, setting: {} });
	}, 20_000);

	/** Max Retries 0 sends each item once. */
	test('Max Retries 0: exactly 1 request per item', async () => {
		sandbox.faults.set({ fail500: 1 });
		const { result, seconds } = await bik(5, { maxRetries: 0 });
		const accounting = account(result.items, 5);
		expect(accounting.failed).toEqual(range(5));
		expect([...perEmail().values()].map((entries) => entries.length)).toEqual([1, 1, 1, 1, 1]);
		for (const i of range(5)) {
			expect(accounting.output.get(i)!.details).toEqual({ httpCode: '500', description: 'BIK answered 500 (BIK server error). The provider had a problem. Try again later.' });
		}
		record('BIK Create or Update, 500 always, Max Retries 0', { count: 5, accounting, log: logOf(sandbox), seconds, setting: {} });
	}, 20_000);

	/** Max Retries never makes a plain create repeat after a 5xx. */
	test('a plain create is sent once after a 500, whatever Max Retries says', async () => {
		sandbox.faults.set({ fail500: 1 });
		const items = range(5).map((i) => ({ primaryId: `once-${i}` }));
		const { result, seconds } = await timed(() => run('omnidesk', { operation: 'create', primaryId: '={{ $json.primaryId }}' }, items, { ...FAST_OPTIONS, maxRetries: 4, maxWait: 0.05 }));
		const accounting = account(result.items, 5);
		expect(accounting.failed).toEqual(range(5));
		expect(sandbox.log).toHaveLength(5);
		for (const i of range(5)) expect((accounting.output.get(i)!.details as IDataObject).description).toContain('Not retried: this operation could create a duplicate if sent twice.');
		record('Omnidesk Create, 500 always, Max Retries 4', { count: 5, accounting, log: logOf(sandbox), seconds, setting: {} });
	}, 20_000);

	/** A Retry-After longer than Max Wait fails the item at once, instead of holding the run. */
	test('Max Wait 0.5 s against a 1-second Retry-After: the rate-limited items fail at once, naming both', async () => {
		sandbox.faults.set({ rateLimit: 3, retryAfter: true });
		const { result, seconds } = await bik(10, { maxWait: 0.5 });
		const accounting = account(result.items, 10);
		expect(accounting.lost).toEqual([]);
		expect(accounting.succeeded).toHaveLength(3);
		expect(accounting.failed).toHaveLength(7);
		// Well under the second the provider asked for: nobody waited.
		expect(seconds).toBeLessThan(0.9);
		const perItem = perEmail();
		for (const i of accounting.failed) {
			expect(perItem.get(`r${i}@example.com`)!.map((entry) => entry.fault)).toEqual(['rate-limit']);
			expect(accounting.output.get(i)).toEqual({
				error: `BIK asked to wait 1 s before retrying, longer than Max Wait (0.5 s) [item ${i}]`,
				details: { httpCode: '429', description: 'Raise Options › Max Wait (Seconds), lower Options › Concurrency, or run the workflow later.' },
			});
		}
		record('BIK Create or Update, Retry-After above Max Wait', { count: 10, accounting, log: logOf(sandbox), seconds, setting: {} });
	}, 20_000);
});

describe('a provider that stays down ends the run with a clear error, not a hang', () => {
	/** Nothing listens at the Base URL: every item fails with "connection refused" after Max Retries, in bounded time. */
	test('nothing listening at the Base URL: connection refused, retried Max Retries times, then a clear error', async () => {
		const gone = new Sandbox();
		const goneUrl = await gone.start();
		await gone.stop();
		const items = range(20).map((i) => ({ email: `down${i}@example.com` }));
		const { result, seconds } = await timed(() =>
			run('bik', { operation: 'createOrUpdate', email: '={{ $json.email }}' }, items, { ...FAST_OPTIONS, maxRetries: 1, maxWait: 0.1 }, goneUrl),
		);
		expect(seconds).toBeLessThan(5);
		const accounting = account(result.items, 20);
		expect(accounting.failed).toEqual(range(20));
		for (const i of range(20)) {
			const json = accounting.output.get(i)!;
			expect(json.error).toBe(`Could not reach BIK: the connection was refused [item ${i}]`);
			expect((json.details as IDataObject).description).toMatch(/^Network error ECONNREFUSED\. Tried 2 times\. Check the Base URL in the credential/);
		}
		record('BIK Create or Update, nothing listening', { count: 20, accounting, log: [], seconds, setting: {} });

		// Without Continue On Fail the run stops with that error; a refused create was never sent, so it is retried too.
		const stopped = await run('omnidesk', { operation: 'create', primaryId: 'crm-down' }, [{}], { maxRetries: 1, maxWait: 0.1 }, goneUrl, false);
		expect(stopped.error?.message).toBe('Could not reach Omnidesk: the connection was refused [item 0]');
		expect(stopped.error?.description).toMatch(/^Network error ECONNREFUSED\. Tried 2 times\./);
	}, 15_000);

	/** Every connection dropped: an upsert is retried, then each item is an error item; nothing was stored. */
	test('every connection dropped: error items after Max Retries, nothing stored', async () => {
		sandbox.faults.set({ drop: 1 });
		const items = range(10).map((i) => ({ sourceId: `dropped-${i}` }));
		const { result, seconds } = await timed(() =>
			run('rehook', { authentication: 'basic', operation: 'createOrUpdate', sourceId: '={{ $json.sourceId }}' }, items, { ...FAST_OPTIONS, maxRetries: 2, maxWait: 0.05 }),
		);
		const log = logOf(sandbox);
		const perItem = requestsPerItem(log, (entry) => bodyField(entry, 'source_id'));
		const checked = checkRetriedRun({ type: 'rehook', result, count: 10, maxRetries: 2, perItem, keyOf: (i) => `dropped-${i}` });
		expect(checked.failed).toEqual(range(10));
		expect(log.every((entry) => entry.outcome === 'dropped')).toBe(true);
		expect(sandbox.sims.rehook.state()).toMatchObject({ customers: 0 });
		record('Rehook Create or Update, every connection dropped', { count: 10, accounting: checked, log, seconds, setting: {} });
	}, 15_000);

	/** Answers slower than Options › Timeout: a timeout error per item, and the run ends long before the answers would come. */
	test('answers slower than the Timeout option: a timeout error, not a hang', async () => {
		const slow = new Sandbox({ faults: { all: { latencyMs: 2000 } } });
		const slowUrl = await slow.start();
		try {
			const items = range(3).map((i) => ({ externalId: `slow-${i}` }));
			const parameters = { operation: 'addUpdate', externalId: '={{ $json.externalId }}', firstName: 'Ann', lastName: 'Slow' };
			const options = { ...FAST_OPTIONS, timeout: 0.3, maxRetries: 1, maxWait: 0.05 };
			const { result, seconds } = await timed(() => run('hyfin', parameters, items, options, slowUrl));
			expect(seconds).toBeLessThan(1.8);
			const accounting = account(result.items, 3);
			expect(accounting.failed).toEqual([0, 1, 2]);
			for (const i of range(3)) {
				const json = accounting.output.get(i)!;
				expect(json.error).toBe(`Could not reach Hyfin: no answer came before the timeout [item ${i}]`);
				expect((json.details as IDataObject).description).toMatch(/^Network error (ECONNABORTED|ETIMEDOUT)\. Tried 2 times\./);
			}
			expect(slow.log).toHaveLength(6);
			record('Hyfin Add or Update, answers slower than the timeout', { count: 3, accounting, log: logOf(slow), seconds, setting: { latency: true } });

			const stopped = await run('hyfin', parameters, [{ externalId: 'slow-x' }], { ...options, maxRetries: 0 }, slowUrl, false);
			expect(stopped.error?.message).toBe('Could not reach Hyfin: no answer came before the timeout [item 0]');
		} finally {
			await slow.stop();
		}
	}, 15_000);
});

/**
 * n8n's Retry On Fail on a plain create under faults, with an expression that gives another value
 * on every try ($now): n8n runs the node again while the first item is an error (here it always
 * is: its input is invalid), up to 3 times. Items that succeeded or may have been applied are never
 * sent again; items refused by a 429 (Max Retries 0) are, with the new value.
 */
describe('Retry On Fail with an expression that changes on every try, under faults', () => {
	test('Omnidesk Create, 120 customers: each created at most once; refused ones sent again on the next try', async () => {
		const count = 120;
		const customers = range(count).map((i) => ({ primaryId: i === 0 ? '' : `rof-${i}` }));
		sandbox.faults.set({ fail500: 0.05, drop: 0.05, dropAfter: 0.05, rateLimit: 60, retryAfter: true });
		const { result, seconds } = await timed(() =>
			run(
				'omnidesk',
				{ operation: 'create', primaryId: '={{ $json.primaryId }}', additionalFields: { extraEmail: "={{ $json.primaryId + '.' + $now.toMillis() + '@example.com' }}" } },
				customers,
				{ ...FAST_OPTIONS, maxRetries: 0 },
				url,
				true,
				{ retryOnFail: true, maxTries: 3, waitBetweenTries: 20 },
			),
		);
		const log = logOf(sandbox);
		const accounting = account(result.items, count);
		expect(accounting.lost).toEqual([]);
		expect(accounting.inOrder).toBe(true);
		// Item 0 has no External ID: an error item on every try, never sent, so n8n tried 3 times.
		expect(accounting.output.get(0)?.error).toBe('Invalid "External ID or Search Customer Channel Value": at least one of External ID or Search Customer Channel Value is required [item 0]');
		const perItem = requestsPerItem(log, (entry) => bodyField(entry, 'primary_id'));
		let sentAgain = 0;
		for (const i of range(count).slice(1)) {
			const entries = perItem.get(customers[i].primaryId) ?? [];
			expect(entries.length).toBeGreaterThanOrEqual(1);
			// Sent again only after a 429 (nothing applied): never after an answer, a 500 or a lost connection.
			expect(entries.slice(0, -1).every(isRateLimited)).toBe(true);
			if (entries.length > 1) {
				sentAgain++;
				// The expression really gave another value on the next try.
				expect(new Set(entries.map((entry) => bodyField(entry, 'extra_email'))).size).toBe(entries.length);
			}
		}
		expect(sentAgain).toBeGreaterThan(0);
		expect(TryNotes.size).toBe(0);
		const appliedItems = range(count).filter((i) => (perItem.get(customers[i].primaryId) ?? []).some(applied));
		const duplicates = (sandbox.sims.omnidesk as OmnideskSim).state().duplicateCreates;
		expect(duplicates).toBe(0);
		expect((sandbox.sims.omnidesk as OmnideskSim).state().customers).toBe(appliedItems.length);
		record('Omnidesk Create, Retry On Fail with $now, 500/drop/dropAfter/429', { count, accounting, log, seconds, setting: {}, duplicates });
	}, 120_000);
});

/**
 * Redirects under faults: a server in front of the sandbox (test/helpers/redirecting-proxy.ts)
 * answers about a third of the requests with 301, 302, 303, 307 or 308, half of them to itself (same
 * origin) and half to a second server on another port (another origin) that records what reaches
 * it. Nothing may reach the other origin; a read follows the same-origin redirects; a write is
 * never sent on, and fails naming the location; nothing is lost or applied twice.
 */
describe('redirects, same and other origin, reads and writes, under faults', () => {
	const other = new ApiServer();
	let proxy: RedirectingProxy;
	const STATUSES = [301, 302, 303, 307, 308];
	beforeAll(async () => {
		const otherUrl = await other.start();
		proxy = new RedirectingProxy(url, otherUrl);
		await proxy.start();
	});
	afterAll(async () => {
		await proxy.stop();
		await other.stop();
	});

	/** About a third of the requests redirected, statuses and targets spread evenly, the same in every run. */
	const plan = (index: number) => {
		const n = (index * 7919) % 97;
		if (n % 3 !== 0) return undefined;
		return { status: STATUSES[n % STATUSES.length], to: (n % 2 === 0 ? 'same' : 'other') as RedirectTo };
	};

	function recordRedirects(name: string, count: number, accounting: Accounting, log: LoggedRequest[], seconds: number, duplicates = 0) {
		const faults = faultCounts(log);
		for (const to of ['same', 'other'] as const) {
			const redirects = proxy.redirected.filter((entry) => entry.to === to).length;
			if (redirects) faults[`redirect to the ${to === 'same' ? 'same' : 'other'} origin`] = redirects;
		}
		figures.add({
			name,
			items: count,
			succeeded: accounting.succeeded.length,
			errorItems: accounting.failed.length,
			lost: accounting.lost.length,
			duplicates,
			reapplied: 0,
			requests: log.length + proxy.redirected.length,
			faults,
			slowed: {},
			seconds,
			reachedOtherOrigin: other.received.length,
		});
	}

	test('reads (Omnidesk Get): same-origin redirects are followed, others fail naming the location; nothing reaches the other origin', async () => {
		const count = 150;
		(sandbox.sims.omnidesk as OmnideskSim).seed(count);
		sandbox.faults.set({ fail500: 0.05, drop: 0.05 });
		other.reset();
		proxy.reset(plan);
		const items = range(count).map((i) => ({ id: String(i + 1) }));
		const { result, seconds } = await timed(() => run('omnidesk', { operation: 'get', customerId: '={{ $json.id }}' }, items, { ...FAST_OPTIONS, maxRetries: 5, maxWait: 0.05 }, proxy.url));
		const log = logOf(sandbox);
		const accounting = account(result.items, count);
		expect(accounting.lost).toEqual([]);
		expect(accounting.inOrder).toBe(true);
		expect(other.received).toEqual([]);
		// Every same-origin redirect was followed (a retry after a fault goes to where it led, so some twice).
		expect(proxy.followed).toBeGreaterThanOrEqual(proxy.redirected.filter((entry) => entry.to === 'same').length);
		expect(proxy.followed).toBeGreaterThan(0);
		expect(new Set(proxy.redirected.map((entry) => entry.status))).toEqual(new Set(STATUSES));
		for (const i of accounting.succeeded) expect(accounting.output.get(i)).toMatchObject({ id: i + 1, external_primary_id: `ext-${i + 1}` });
		const toOther = accounting.failed.filter((i) => String(accounting.output.get(i)?.error).startsWith('Omnidesk redirected the request to another host: '));
		expect(toOther.length).toBeGreaterThan(0);
		for (const i of accounting.failed) {
			expect(String(accounting.output.get(i)?.error)).toMatch(/^(Omnidesk redirected the request to another host: http:\/\/127\.0\.0\.1:\d+\/omnidesk\/api\/v2\/customer\/\d+|Omnidesk server error: .*|Could not reach Omnidesk: .*) \[item \d+\]$/);
		}
		recordRedirects('Omnidesk Get, redirects (same and other origin) and 500/drop', count, accounting, log, seconds);
	}, 60_000);

	test.each([
		['Omnidesk Create', 'omnidesk' as Node, { operation: 'create', primaryId: '={{ $json.key }}' }, 'primary_id', 'POST'],
		['BIK Create or Update', 'bik' as Node, { operation: 'createOrUpdate', email: '={{ $json.key }}' }, 'email', 'POST'],
	])('writes (%s): never sent on after a redirect, same origin or not; nothing applied twice, nothing reaches the other origin', async (name, type, parameters, field, method) => {
		const count = 150;
		sandbox.faults.set({ fail500: 0.05, drop: 0.05, dropAfter: 0.05 });
		other.reset();
		proxy.reset(plan);
		const items = range(count).map((i) => ({ key: type === 'bik' ? `redirect${i}@example.com` : `redirect-${i}` }));
		const { result, seconds } = await timed(() => run(type, parameters, items, { ...FAST_OPTIONS, maxRetries: 2, maxWait: 0.05 }, proxy.url));
		const log = logOf(sandbox);
		const accounting = account(result.items, count);
		expect(accounting.lost).toEqual([]);
		expect(accounting.inOrder).toBe(true);
		expect(other.received).toEqual([]);
		const redirectedItems = accounting.failed.filter((i) => / redirected the request to /.test(String(accounting.output.get(i)?.error)));
		expect(redirectedItems.length).toBeGreaterThan(0);
		for (const i of redirectedItems) {
			expect(String(accounting.output.get(i)?.error)).toMatch(new RegExp(`^${DISPLAY[type]} redirected the request to http://127\\.0\\.0\\.1:\\d+/.+; a ${method} is not sent on \\[item ${i}\\]$`));
		}
		// What reached the sandbox for each item: a plain create applied at most once; an upsert (BIK) leaves one record per customer.
		const perItem = requestsPerItem(log, (entry) => bodyField(entry, field));
		const appliedItems = range(count).filter((i) => (perItem.get(items[i].key) ?? []).some(applied));
		if (type === 'omnidesk') for (const i of range(count)) expect((perItem.get(items[i].key) ?? []).filter(applied).length).toBeLessThanOrEqual(1);
		else expect((sandbox.sims.bik as BikSim).state().customers).toBe(appliedItems.length);
		// A redirected create never reached the sandbox (an upsert may have, on an attempt before the redirect).
		if (type === 'omnidesk') for (const i of redirectedItems) expect(perItem.get(items[i].key) ?? []).toEqual([]);
		expect(proxy.redirected.filter((entry) => entry.to === 'same').length).toBeGreaterThan(0);
		expect(proxy.followed).toBe(0);
		const duplicates = type === 'omnidesk' ? (sandbox.sims.omnidesk as OmnideskSim).state().duplicateCreates : 0;
		expect(duplicates).toBe(0);
		recordRedirects(`${name}, redirects (same and other origin) and 500/drop/dropAfter`, count, accounting, log, seconds, duplicates);
	}, 60_000);
});

/** A stand-in API's requests as log entries for the figures: the status answered, and 429s as the rate-limit fault. */
function standInLog(received: Received[], answered: Map<number, number | 'dropped'>): LoggedRequest[] {
	return received.map((request, index) => {
		const outcome = answered.get(index) ?? 'dropped';
		return {
			seq: index + 1,
			at: new Date(request.at).toISOString(),
			provider: 'bik',
			method: request.method,
			path: request.path,
			query: request.query,
			headers: {},
			contentType: String(request.headers['content-type'] ?? ''),
			body: request.json,
			outcome,
			fault: outcome === 429 ? 'rate-limit' : outcome === 'dropped' ? 'drop' : undefined,
		};
	});
}

describe('pacing that keeps listening: a long Retry-After, a cancelled execution, an outage that recovers', () => {
	const api = new ApiServer();
	let base: string;
	/** What the stand-in API answered to each request, by its index. */
	const answered = new Map<number, number | 'dropped'>();
	const answer = (index: number, status: number, extra: { headers?: Record<string, string>; body?: unknown; delayMs?: number } = {}) => {
		answered.set(index, status);
		return { status, body: status < 300 ? { data: { customer: { id: `c${index}` } } } : { message: 'Too many requests' }, ...extra };
	};
	const bikAt = (url: string, items: IDataObject[], options: IDataObject = {}, continueOnFail = true) =>
		runNode({
			type: 'bik',
			parameters: { resource: 'customer', operation: 'createOrUpdate', email: '={{ $json.email }}', options } as never,
			credentials: { bikApi: { ...SANDBOX_CREDENTIALS.bik, baseUrl: url } },
			items,
			onError: continueOnFail ? 'continueRegularOutput' : undefined,
		});
	const emails = (tag: string, count: number) => range(count).map((i) => ({ email: `${tag}${i}@example.com` }));

	beforeAll(async () => {
		base = await api.start();
	});
	afterAll(async () => api.stop());
	beforeEach(() => answered.clear());

	/**
	 * The review's probe: with Continue On Fail, 300 requests went out in 0.6 s to a provider that had
	 * asked every client to wait 120 s. The provider's pause holds every worker of the credential's
	 * Pacer; items that cannot wait that long (Max Wait 60 s) fail without being sent.
	 */
	test('Retry-After 120 s, beyond Max Wait, with Continue On Fail: 300 items end at once, only the requests already in flight were sent, and the next execution sends nothing', async () => {
		api.reset((_request, index) => (index < 3 ? answer(index, 200) : answer(index, 429, { headers: { 'Retry-After': '120' } })));
		const { result, seconds } = await timed(() => bikAt(base, emails('pause', 300)));
		const accounting = account(result.items, 300);
		expect(accounting.lost).toEqual([]);
		expect(accounting.inOrder).toBe(true);
		expect(accounting.succeeded.length).toBe(3);
		expect(accounting.failed).toHaveLength(297);
		// Only the requests in flight when the 429 came: the first window, not 300.
		const sent = api.received.length;
		expect(sent).toBeLessThanOrEqual(16);
		expect(seconds).toBeLessThan(10);
		for (const i of accounting.failed) {
			expect(accounting.output.get(i)!.error).toBe(`BIK asked to wait 120 s before retrying, longer than Max Wait (60 s) [item ${i}]`);
		}
		const unsent = accounting.failed.filter((i) => !api.received.some((request) => (request.json as IDataObject)?.email === `pause${i}@example.com`));
		expect(unsent.length).toBeGreaterThanOrEqual(297 - 16);
		expect((accounting.output.get(unsent[0])!.details as IDataObject).description).toMatch(/^Not sent: BIK asked every request to wait\./);

		// Another execution on the same credential, within the pause: nothing is sent.
		const next = await bikAt(base, emails('next', 5));
		expect(api.received.length).toBe(sent);
		for (const item of next.items) expect(item.json.error).toMatch(/^BIK asked to wait 1(19|20) s before retrying, longer than Max Wait \(60 s\)/);
		record('BIK Create or Update, Retry-After 120 s beyond Max Wait', { count: 300, accounting, log: standInLog(api.received, answered), seconds, setting: {} });
	}, 30_000);

	/**
	 * The review's probe: a user's Stop aborts the requests in flight, and they counted as "no
	 * answer", cutting the shared window (4 → 2) for every other execution on the credential.
	 */
	test('a cancelled execution: its aborted requests say nothing about the provider, and the next execution starts with the whole window', async () => {
		api.reset((_request, index) => answer(index, 200, { delayMs: 400 }));
		const cancelled = runNode({
			type: 'bik',
			parameters: { resource: 'customer', operation: 'createOrUpdate', email: '={{ $json.email }}', options: {} } as never,
			credentials: { bikApi: { ...SANDBOX_CREDENTIALS.bik, baseUrl: base } },
			items: emails('cancel', 40),
			// The user presses Stop once the first requests are in flight.
			onStart: (stop) => when(() => api.received.length >= 4, stop),
		});
		const run = await cancelled;
		expect(run.run.status).toBe('canceled');
		// Let the aborted requests settle in the node before the next execution starts.
		await new Promise((resolve) => setTimeout(resolve, 200));
		const before = api.received.length;
		const next = await bikAt(base, emails('after', 8));
		expect(next.items.map((item) => item.json.error)).toEqual(range(8).map(() => undefined));
		const after = api.received.slice(before);
		// The first round trip of the next execution: as many requests as the window held before the Stop.
		const firstBurst = after.filter((request) => request.at < after[0].at + 200).length;
		expect(firstBurst).toBeGreaterThanOrEqual(4);
	}, 30_000);

	/**
	 * The review's probe: with every connection failing, each worker slept before its retry with its
	 * permit held, 12 items took 8.5 s, and 1,000 under Continue On Fail would take about 3 hours.
	 * The breaker fails the rest at once with one clear error, and a probe closes it once the
	 * provider answers again.
	 */
	test('an outage that recovers: the run fails fast with one clear error, the next execution sends nothing, and after the pause one probe finds the provider back', async () => {
		let down = true;
		api.reset((_request, index) => {
			if (!down) return answer(index, 200, { delayMs: 100 });
			answered.set(index, 'dropped');
			return { drop: true };
		});
		const { result, seconds } = await timed(() => bikAt(base, emails('outage', 200)));
		const accounting = account(result.items, 200);
		expect(accounting.lost).toEqual([]);
		expect(accounting.failed).toEqual(range(200));
		expect(seconds).toBeLessThan(8);
		const sent = api.received.length;
		expect(sent).toBeLessThan(60);
		const unsent = accounting.failed.filter((i) => !api.received.some((request) => (request.json as IDataObject)?.email === `outage${i}@example.com`));
		expect(unsent.length).toBeGreaterThan(150);
		for (const i of unsent) {
			const json = accounting.output.get(i)!;
			expect(json.error).toMatch(new RegExp(`^Could not reach BIK: no answer to \\d+ attempts in a row over \\d+(\\.\\d)? s \\(the connection was closed before an answer came\\) \\[item ${i}\\]$`));
			expect((json.details as IDataObject).description).toMatch(
				new RegExp(`^Network error ECONNRESET at ${base}\\. This item was not sent: after \\d+ failed connections in a row the node stops sending to BIK and tries one request again in \\d+(\\.\\d)? s\\.`),
			);
		}
		record('BIK Create or Update, an outage (every connection dropped)', { count: 200, accounting, log: standInLog(api.received, answered), seconds, setting: {} });

		// Another execution during the pause: refused at once, nothing sent.
		const during = await bikAt(base, emails('during', 5));
		expect(api.received.length).toBe(sent);
		for (const item of during.items) expect(item.json.error).toMatch(/^Could not reach BIK: no answer to/);

		// The provider is back; after the pause (5 s) the next execution's first request goes alone.
		down = false;
		await new Promise((resolve) => setTimeout(resolve, 5200));
		const back = await bikAt(base, emails('back', 10));
		expect(back.items.map((item) => item.json.error)).toEqual(range(10).map(() => undefined));
		const after = api.received.slice(sent);
		expect(after).toHaveLength(10);
		expect(after[1].at - after[0].at).toBeGreaterThanOrEqual(90);
	}, 60_000);

	/**
	 * The review's probe: durations used the wall clock, so a clock set back an hour during a 1 s
	 * pause turned it into an hour. The Pacer measures on a monotonic clock.
	 */
	test('a clock step: the system clock set back an hour during a Retry-After of 1 s, and the run still ends a second later', async () => {
		const wall = Date.now.bind(Date);
		let step = 0;
		// The system clock, as every Date.now() reads it (the node's included), can be set back.
		jest.spyOn(Date, 'now').mockImplementation(() => wall() + step);
		api.reset((_request, index) => {
			if (index > 0) return answer(index, 200);
			// The 429 asks for a second; while the node waits, the clock goes back an hour.
			setTimeout(() => (step = -3_600_000), 300);
			return answer(index, 429, { headers: { 'Retry-After': '1' } });
		});
		try {
			const started = performance.now();
			const result = await bikAt(base, emails('clock', 10), { concurrency: 1 });
			const seconds = (performance.now() - started) / 1000;
			expect(step).toBe(-3_600_000);
			const accounting = account(result.items, 10);
			expect(accounting.succeeded).toEqual(range(10));
			expect(seconds).toBeLessThan(5);
			record('BIK Create or Update, the clock set back an hour during a pause', { count: 10, accounting, log: standInLog(api.received, answered), seconds, setting: {} });
		} finally {
			jest.restoreAllMocks();
		}
	}, 20_000);
});
