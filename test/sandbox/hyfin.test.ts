import type { IDataObject } from 'n8n-workflow';

import { SANDBOX_CREDENTIALS } from '../../sandbox/credentials';
import type { HyfinSim } from '../../sandbox/providers/hyfin';
import { Sandbox } from '../../sandbox/server';
import { runNode } from '../helpers/run-node';
import { client } from '../helpers/sandbox-call';

const sandbox = new Sandbox({ port: 0 });
let url: string;
const sim = () => sandbox.sims.hyfin as HyfinSim;

beforeAll(async () => {
	url = await sandbox.start();
});
afterAll(async () => sandbox.stop());
beforeEach(() => sandbox.reset());

const { accessToken, siteId } = SANDBOX_CREDENTIALS.hyfin;
const TOKEN = { 'x-access-token': accessToken };
const SITE = `/api/v3.1/site/${siteId}`;
const ADD_UPDATE = `${SITE}/customer/addUpdate`;
const OBJECT_ID = /^[0-9a-f]{24}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const call = client(() => `${url}/hyfin`);

const addUpdate = (json: unknown, headers: Record<string, string> = TOKEN) => call('POST', ADD_UPDATE, { headers, json });
const get = (externalId: string, headers: Record<string, string> = TOKEN) => call('GET', `${SITE}/customer/${encodeURIComponent(externalId)}`, { headers });
const refused = (...errors: string[]) => ({ status: 200, body: { success: false, errors } });

/** The documented sample request (doc 004). */
const SAMPLE = {
	external_id: '39772634',
	first_name: 'John',
	last_name: 'Doe',
	account_name: '',
	mobile_phone: '111-222-3333',
	email: 'johndoe@abc.com',
	notes: "World's best customer",
	active: true,
	notification_options: { notify_phone: true, notify_email: true },
};
const MINIMAL = { external_id: 'c-1', first_name: 'Ann', last_name: 'Lee' };

describe('POST .../customer/addUpdate', () => {
	test('the documented sample request is added, then updated, and read back with GET', async () => {
		const added = await addUpdate(SAMPLE);
		expect(added).toEqual({ status: 200, body: { success: true, action: 'added', _id: expect.stringMatching(OBJECT_ID) } });
		expect(sandbox.sims.hyfin.state()).toEqual({ customers: 1 });

		const first = await get('39772634');
		expect(first).toEqual({
			status: 200,
			body: {
				_id: added.body._id,
				...SAMPLE,
				created_at: expect.stringMatching(ISO),
				updated_at: expect.stringMatching(ISO),
			},
		});

		const updated = await addUpdate({ ...SAMPLE, last_name: 'Smith', notes: 'moved' });
		expect(updated).toEqual({ status: 200, body: { success: true, action: 'updated', _id: added.body._id } });
		expect(sandbox.sims.hyfin.state()).toEqual({ customers: 1 });
		const second = await get('39772634');
		expect(second.body).toMatchObject({ _id: added.body._id, last_name: 'Smith', notes: 'moved', created_at: first.body.created_at });
		expect(second.body.updated_at >= first.body.updated_at).toBe(true);
	});

	test('only the three required fields: defaults are active true, notifications off, empty texts', async () => {
		expect((await addUpdate(MINIMAL)).body.action).toBe('added');
		expect((await get('c-1')).body).toEqual({
			_id: expect.stringMatching(OBJECT_ID),
			...MINIMAL,
			account_name: '',
			mobile_phone: '',
			email: '',
			notes: '',
			active: true,
			notification_options: { notify_phone: false, notify_email: false },
			created_at: expect.any(String),
			updated_at: expect.any(String),
		});
	});

	test('an update keeps the fields it does not send, and merges notification_options', async () => {
		await addUpdate({ ...MINIMAL, email: 'ann@example.com', mobile_phone: '+1 (555) 010.2030', active: false, notification_options: { notify_email: true } });
		expect((await addUpdate({ ...MINIMAL, first_name: 'Anne', notification_options: { notify_phone: true } })).body.action).toBe('updated');
		expect(sim().customer('c-1')).toMatchObject({
			first_name: 'Anne',
			email: 'ann@example.com',
			mobile_phone: '+1 (555) 010.2030',
			active: false,
			notification_options: { notify_phone: true, notify_email: true },
		});
		// An empty text clears the field.
		await addUpdate({ ...MINIMAL, notes: 'x' });
		await addUpdate({ ...MINIMAL, notes: '' });
		expect(sim().customer('c-1')?.notes).toBe('');
	});

	test('each customer has its own stable _id', async () => {
		const a = await addUpdate(MINIMAL);
		const b = await addUpdate({ ...MINIMAL, external_id: 'c-2' });
		const again = await addUpdate(MINIMAL);
		expect(b.body._id).not.toBe(a.body._id);
		expect(again.body._id).toBe(a.body._id);
		expect(sandbox.sims.hyfin.state()).toEqual({ customers: 2 });
	});

	test.each([
		['the documented failure sample', { field2: 'x', external_id: '1', last_name: 'Doe' }, ['invalid field2', 'missing first_name']],
		['nothing at all', {}, ['missing external_id', 'missing first_name', 'missing last_name']],
		['empty required fields', { external_id: '', first_name: '', last_name: '' }, ['missing external_id', 'missing first_name', 'missing last_name']],
		['a number as external_id', { ...MINIMAL, external_id: 39772634 }, ['invalid external_id']],
		['null as first_name', { ...MINIMAL, first_name: null }, ['invalid first_name']],
		['a number as account_name', { ...MINIMAL, account_name: 5 }, ['invalid account_name']],
		['a list as notes', { ...MINIMAL, notes: ['a'] }, ['invalid notes']],
		['text as active', { ...MINIMAL, active: 'true' }, ['invalid active']],
		['notification_options a list', { ...MINIMAL, notification_options: [] }, ['invalid notification_options']],
		['notification_options text', { ...MINIMAL, notification_options: 'phone' }, ['invalid notification_options']],
		['an unknown notification option', { ...MINIMAL, notification_options: { notify_sms: true } }, ['invalid notification_options.notify_sms']],
		['a notification option that is not a boolean', { ...MINIMAL, notification_options: { notify_phone: 'yes' } }, ['invalid notification_options.notify_phone']],
		['an invalid email', { ...MINIMAL, email: 'john@' }, ['invalid email']],
		['an email with a space', { ...MINIMAL, email: 'john doe@abc.com' }, ['invalid email']],
		['a phone number of 6 digits', { ...MINIMAL, mobile_phone: '123-456' }, ['invalid mobile_phone']],
		['a phone number of 16 digits', { ...MINIMAL, mobile_phone: '1234567890123456' }, ['invalid mobile_phone']],
		['a phone number with letters', { ...MINIMAL, mobile_phone: '111-CALL-NOW' }, ['invalid mobile_phone']],
		['notify_phone without mobile_phone', { ...MINIMAL, email: 'a@b.co', notification_options: { notify_phone: true } }, ['missing mobile_phone']],
		['notify_email without email', { ...MINIMAL, mobile_phone: '1112223333', notification_options: { notify_email: true } }, ['missing email']],
		['notify_email with an empty email', { ...MINIMAL, email: '', notification_options: { notify_email: true, notify_phone: false } }, ['missing email']],
		['both notifications and nothing to send to', { ...MINIMAL, notification_options: { notify_phone: true, notify_email: true } }, ['missing mobile_phone', 'missing email']],
		[
			'every kind of problem at once',
			{ external_id: 'x', first_name: 'A', field2: 1, email: 'bad', mobile_phone: '12', notification_options: { notify_phone: true } },
			['invalid field2', 'missing last_name', 'invalid email', 'invalid mobile_phone'],
		],
	])('HTTP 200 with success false: %s', async (_name, json, errors) => {
		expect(await addUpdate(json)).toEqual(refused(...errors));
		expect(sandbox.sims.hyfin.state()).toEqual({ customers: 0 });
	});

	test.each(['111-222-3333', '+919090909090', '+1 (111) 222.3333', '1234567', '123456789012345'])('the phone number %s is accepted', async (mobile_phone) => {
		expect((await addUpdate({ ...MINIMAL, mobile_phone })).body).toMatchObject({ success: true, action: 'added' });
	});

	test('notify_phone on an update may rely on the mobile phone already stored, but not on one cleared', async () => {
		await addUpdate({ ...MINIMAL, mobile_phone: '111-222-3333' });
		expect((await addUpdate({ ...MINIMAL, notification_options: { notify_phone: true } })).body).toMatchObject({ success: true, action: 'updated' });
		expect(await addUpdate({ ...MINIMAL, mobile_phone: '' })).toEqual(refused('missing mobile_phone'));
		expect(sim().customer('c-1')).toMatchObject({ mobile_phone: '111-222-3333', notification_options: { notify_phone: true } });
	});

	test('a refused update changes nothing', async () => {
		await addUpdate(SAMPLE);
		const before = sim().customer('39772634');
		expect(await addUpdate({ ...SAMPLE, first_name: 'Jane', email: 'nope' })).toEqual(refused('invalid email'));
		expect(sim().customer('39772634')).toEqual(before);
	});

	test('a body that is not a JSON object is answered 400', async () => {
		expect(await call('POST', ADD_UPDATE, { headers: TOKEN, raw: '{"external_id": ' })).toEqual({ status: 400, body: { success: false, errors: ['invalid JSON body'] } });
		expect(await call('POST', ADD_UPDATE, { headers: TOKEN, json: [MINIMAL] })).toEqual({
			status: 400,
			body: { success: false, errors: ['the body must be a JSON object'] },
		});
		expect(await call('POST', ADD_UPDATE, { headers: TOKEN, raw: '' })).toEqual({ status: 400, body: { success: false, errors: ['the body must be a JSON object'] } });
		expect(await call('POST', ADD_UPDATE, { headers: TOKEN, raw: 'external_id=1', type: 'application/x-www-form-urlencoded' })).toEqual({
			status: 400,
			body: { success: false, errors: ['the body must be JSON (Content-Type: application/json)'] },
		});
		expect(sandbox.sims.hyfin.state()).toEqual({ customers: 0 });
	});
});

describe('GET .../customer/{external_id}', () => {
	test('an unknown customer is 404 Customer not found', async () => {
		expect(await get('nobody')).toEqual({ status: 404, body: { success: false, errors: ['Customer not found'] } });
	});

	test('the external ID is URL-decoded', async () => {
		await addUpdate({ ...MINIMAL, external_id: 'a b/c?d#é%' });
		expect(await get('a b/c?d#é%')).toMatchObject({ status: 200, body: { external_id: 'a b/c?d#é%' } });
		expect((await get('a b')).status).toBe(404);
	});

	test('GET .../customer/addUpdate looks up a customer with that external ID', async () => {
		expect(await get('addUpdate')).toEqual({ status: 404, body: { success: false, errors: ['Customer not found'] } });
	});
});

describe('auth, sites and routing', () => {
	const invalidToken = { status: 401, body: { success: false, errors: ['Invalid access token'] } };
	const siteNotFound = { status: 404, body: { success: false, errors: ['Site not found'] } };

	test.each([
		['no token', {}],
		['a wrong token', { 'x-access-token': 'wrong' }],
		['the token as a Bearer authorization', { authorization: `Bearer ${accessToken}` }],
	])('401 with %s, on both endpoints', async (_name, headers) => {
		expect(await addUpdate(SAMPLE, headers)).toEqual(invalidToken);
		expect(await get('39772634', headers)).toEqual(invalidToken);
		expect(sandbox.sims.hyfin.state()).toEqual({ customers: 0 });
	});

	test('another site is 404 Site not found, on both endpoints', async () => {
		expect(await call('POST', '/api/v3.1/site/other-site/customer/addUpdate', { headers: TOKEN, json: SAMPLE })).toEqual(siteNotFound);
		expect(await call('GET', '/api/v3.1/site/other-site/customer/39772634', { headers: TOKEN })).toEqual(siteNotFound);
		expect(sandbox.sims.hyfin.state()).toEqual({ customers: 0 });
	});

	test('the token is checked before the site', async () => {
		expect(await call('GET', '/api/v3.1/site/other-site/customer/1', { headers: { 'x-access-token': 'wrong' } })).toEqual(invalidToken);
	});

	test('the site ID is URL-decoded', async () => {
		const encoded = `/api/v3.1/site/${siteId.replace('s', '%73')}/customer/addUpdate`;
		expect((await call('POST', encoded, { headers: TOKEN, json: MINIMAL })).body).toMatchObject({ success: true, action: 'added' });
	});

	test.each([
		['PUT', `${SITE}/customer/addUpdate`],
		['DELETE', `${SITE}/customer/c-1`],
		['POST', `${SITE}/customer/c-1`],
		['GET', `${SITE}/customer`],
		['GET', `${SITE}/customer/`],
		['GET', `${SITE}/customer/a/b`],
		['GET', `${SITE}/customers/c-1`],
		['GET', `/api/v3/site/${siteId}/customer/c-1`],
		['GET', '/api/v3.1/site//customer/c-1'],
		['GET', '/'],
	])('%s %s is 404 Not found', async (method, path) => {
		expect(await call(method, path, { headers: TOKEN })).toEqual({ status: 404, body: { success: false, errors: ['Not found'] } });
	});
});

describe('state, reset and the request log', () => {
	test('reset() forgets every customer; /_sandbox/state shows the count', async () => {
		await addUpdate(SAMPLE);
		await addUpdate(MINIMAL);
		expect(((await (await fetch(`${url}/_sandbox/state`)).json()) as any).hyfin).toEqual({ customers: 2 });
		sandbox.reset();
		expect(sandbox.sims.hyfin.state()).toEqual({ customers: 0 });
		expect((await get('39772634')).status).toBe(404);
	});

	test('the request log masks x-access-token', async () => {
		await addUpdate(SAMPLE);
		await get('39772634');
		expect(sandbox.log).toHaveLength(2);
		expect(sandbox.log[0]).toMatchObject({ provider: 'hyfin', method: 'POST', path: ADD_UPDATE, body: SAMPLE, outcome: 200 });
		expect(sandbox.log[0].headers['x-access-token']).toBe('***');
		expect(sandbox.log[1]).toMatchObject({ method: 'GET', path: `${SITE}/customer/39772634`, outcome: 200 });
		expect(sandbox.log[1].headers['x-access-token']).toBe('***');
		expect(JSON.stringify(sandbox.log)).not.toContain(accessToken);
	});
});

describe('the Hyfin node against the sandbox', () => {
	const node = (parameters: IDataObject, credentials: IDataObject = {}) =>
		runNode({
			type: 'hyfin',
			parameters: { resource: 'customer', ...parameters } as never,
			credentials: { hyfinApi: { baseUrl: `${url}/hyfin`, siteId, accessToken, ...credentials } as never },
		});
	const PARAMETERS = {
		operation: 'addUpdate',
		externalId: '39772634',
		firstName: 'John',
		lastName: 'Doe',
		active: true,
		additionalFields: { accountName: '', mobilePhone: '111-222-3333', email: 'johndoe@abc.com', notes: "World's best customer" },
		notificationOptions: { notifyPhone: true, notifyEmail: true },
	};

	test('Add or Update: added, then updated; Get reads it back', async () => {
		const first = await node(PARAMETERS);
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({ externalId: '39772634', success: true, action: 'added' });
		const second = await node({ ...PARAMETERS, lastName: 'Smith' });
		expect(second.items[0].json).toMatchObject({ action: 'updated', _id: first.items[0].json._id });
		const read = await node({ operation: 'get', externalId: '39772634' });
		expect(read.error).toBeUndefined();
		expect(read.items[0].json).toMatchObject({ ...SAMPLE, last_name: 'Smith', _id: first.items[0].json._id });
	});

	test('a wrong token and an unknown site reach the user as errors', async () => {
		const badToken = await node(PARAMETERS, { accessToken: 'wrong' });
		expect(`${badToken.error?.message} ${badToken.error?.description ?? ''}`).toContain('Invalid access token');
		const badSite = await node({ ...PARAMETERS, options: { siteId: 'other-site' } });
		expect(`${badSite.error?.message} ${badSite.error?.description ?? ''}`).toContain('Site not found');
		expect(sandbox.sims.hyfin.state()).toEqual({ customers: 0 });
	});
});
