import type { IDataObject } from 'n8n-workflow';

import { ApiServer } from './helpers/api-server';
import { runNode } from './helpers/run-node';

const api = new ApiServer();
let baseUrl: string;
const KEY = 'bik-key-1234';
const SECRET = 'bik-secret-5678';
const BASIC = `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`;

beforeAll(async () => {
	baseUrl = await api.start();
});
afterAll(async () => api.stop());

const customer = {
	id: 5482636,
	partnerCustomerId: 'abcd-122345',
	firstName: 'First',
	email: 'test.2@bik.ai',
	phoneNumber: '+919090909090',
	assets: [{ id: 4516077, assetName: 'EMAIL', assetValue: 'test.2@bik.ai', countryCode: null }],
};
const answer = { status: 200, body: { status: 200, success: true, data: { customer } } };

function bik(parameters: Record<string, unknown>, items?: IDataObject[], onError?: 'continueRegularOutput') {
	return runNode({
		type: 'bik',
		parameters: { resource: 'customer', ...parameters } as never,
		credentials: { bikApi: { apiKey: KEY, apiSecret: SECRET, baseUrl: `${baseUrl}/integrations` } },
		items,
		onError,
	});
}

describe('Create or Update', () => {
	test('sends every field of the documented sample, exactly', async () => {
		api.reset(() => answer);
		const result = await bik({
			operation: 'createOrUpdate',
			email: 'test.2@bik.ai',
			phoneNumber: '+919090909090',
			additionalFields: {
				partnerCustomerId: 'abcd-122345',
				firstName: 'First',
				lastName: 'Last',
				secondaryEmail: 'test3@bik.ai',
				secondaryPhoneNumber: '+918908898123',
				alternateEmails: 'test898900@bik.ai, test898911@bik.ai',
				alternatePhoneNumbers: '+918989890011,+918989890022',
				tags: 'test, test2',
				overWriteAssets: true,
			},
			addresses: {
				address: [
					{ address1: 'hsr layout', city: 'bangalore', country: 'India', countryCode: 'IN', state: 'karnataka', zip: '560102' },
				],
			},
		});
		expect(result.error).toBeUndefined();
		expect(api.received).toHaveLength(1);
		const [request] = api.received;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/integrations/bikPlatformFunctions-customers/createOrUpdate');
		expect(request.headers.authorization).toBe(BASIC);
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.json).toEqual({
			email: 'test.2@bik.ai',
			phoneNumber: '+919090909090',
			partnerCustomerId: 'abcd-122345',
			firstName: 'First',
			lastName: 'Last',
			secondaryEmail: 'test3@bik.ai',
			secondaryPhoneNumber: '+918908898123',
			alternateEmails: ['test898900@bik.ai', 'test898911@bik.ai'],
			alternatePhoneNumbers: ['+918989890011', '+918989890022'],
			tags: ['test', 'test2'],
			overWriteAssets: true,
			addresses: [{ address1: 'hsr layout', city: 'bangalore', country: 'India', countryCode: 'IN', state: 'karnataka', zip: '560102' }],
		});
		expect(result.items).toEqual([{ json: customer, pairedItem: { item: 0 } }]);
	});

	test('phone number alone is enough; empty fields are left out', async () => {
		api.reset(() => answer);
		await bik({ operation: 'createOrUpdate', email: '', phoneNumber: ' +919090909090 ', additionalFields: { firstName: '' } });
		expect(api.received[0].json).toEqual({ phoneNumber: '+919090909090' });
	});

	test('an address carries every optional BikPlatformAddress field, numbers as numbers', async () => {
		api.reset(() => answer);
		const address = {
			address1: 'a1', address2: 'a2', city: 'c', country: 'India', countryCode: 'IN', state: 's', stateCode: 'KA', zip: '1',
			partnerAddressId: 'p-1', addressId: '142385', latitude: '12.9', longitude: '77.6', timezone: 'Asia/Kolkata',
			firstName: 'F', lastName: 'L', phoneNumber: '+919090909090', email: 'a@b.co', isDefault: true,
		};
		await bik({ operation: 'createOrUpdate', email: 'a@b.co', addresses: { address: [address, { ...address, latitude: '', isDefault: false }] } });
		const sent = (api.received[0].json as { addresses: unknown[] }).addresses;
		expect(sent[0]).toEqual({ ...address, latitude: 12.9, longitude: 77.6 });
		const expected: Record<string, unknown> = { ...address, longitude: 77.6 };
		delete expected.isDefault;
		delete expected.latitude;
		expect(sent[1]).toEqual(expected);
	});

	test('lists from expressions may be arrays', async () => {
		api.reset(() => answer);
		await bik(
			{ operation: 'createOrUpdate', email: '={{ $json.email }}', additionalFields: { tags: '={{ $json.tags }}' } },
			[{ email: 'x@y.io', tags: ['vip', 'beta'] }],
		);
		expect(api.received[0].json).toEqual({ email: 'x@y.io', tags: ['vip', 'beta'] });
	});

	test('JSON mode sends the body as given, deprecated fields included', async () => {
		api.reset(() => answer);
		const body = {
			email: 'test.2@bik.ai',
			secondaryEmails: ['old@bik.ai'],
			secondaryPhoneNumbers: ['+918989890011'],
			tags: ['a'],
		};
		const result = await bik({ operation: 'createOrUpdate', inputMode: 'json', customerJson: JSON.stringify(body) });
		expect(result.error).toBeUndefined();
		expect(api.received[0].json).toEqual(body);
	});

	test('JSON mode accepts an object from an expression', async () => {
		api.reset(() => answer);
		await bik({ operation: 'createOrUpdate', inputMode: 'json', customerJson: '={{ $json.customer }}' }, [
			{ customer: { phoneNumber: '+919090909090', firstName: 'Ann' } },
		]);
		expect(api.received[0].json).toEqual({ phoneNumber: '+919090909090', firstName: 'Ann' });
	});

	test.each([
		[{ email: '', phoneNumber: '' }, 'Invalid "Email or Phone Number": at least one of Email or Phone Number is required [item 0]'],
		[{ email: 'not-an-email' }, 'Invalid "Email": "not-an-email" is not a valid email address [item 0]'],
		[{ phoneNumber: '12ab' }, 'Invalid "Phone Number": "12ab" is not a valid phone number [item 0]'],
		[{ email: 'a@b.co', additionalFields: { alternateEmails: 'ok@b.co, nope' } }, 'Invalid "Alternate Emails (entry 2)": "nope" is not a valid email address [item 0]'],
		[{ email: 'a@b.co', additionalFields: { secondaryPhoneNumber: '+1' } }, 'Invalid "Secondary Phone Number": "+1" is not a valid phone number [item 0]'],
		[
			{ email: 'a@b.co', addresses: { address: [{ address1: 'x', country: 'India', countryCode: 'IN', state: 's', zip: '1' }] } },
			'Invalid "Addresses › Address 1 › City": is required [item 0]',
		],
		[
			{ email: 'a@b.co', addresses: { address: [{ address1: 'x', city: 'c', country: 'India', countryCode: 'IN', state: 's', zip: '1', latitude: '95' }] } },
			'Invalid "Addresses › Address 1 › Latitude": must be between -90 and 90 [item 0]',
		],
		[{ inputMode: 'json', customerJson: '{"email": ' }, /^Invalid "Customer \(JSON\)": is not valid JSON \(.+\) \[item 0\]$/],
		[{ inputMode: 'json', customerJson: '[1]' }, 'Invalid "Customer (JSON)": must be a JSON object, got a list [item 0]'],
		[{ inputMode: 'json', customerJson: '{"email": "a@b.co", "addresses": [{"city": "c"}]}' }, 'Invalid "Addresses › Address 1 › Address Line 1": is required [item 0]'],
		[{ inputMode: 'json', customerJson: '{"phoneNumber": {"n": 1}}' }, 'Invalid "Phone Number": must be text, got an object [item 0]'],
	])('rejects bad input before sending: %j', async (parameters, message) => {
		api.reset(() => answer);
		const result = await bik({ operation: 'createOrUpdate', ...parameters });
		if (typeof message === 'string') expect(result.error?.message).toBe(message);
		else expect(result.error?.message).toMatch(message);
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(api.received).toHaveLength(0);
	});

	test("BIK's 400 reaches the user with BIK's own message and the HTTP code", async () => {
		api.reset(() => ({ status: 400, body: { status: 400, errors: [{ message: "'email' is required. 'phoneNumber' is required" }] } }));
		const result = await bik({ operation: 'createOrUpdate', email: 'a@b.co' });
		expect(result.error?.message).toBe("Invalid payload: 'email' is required. 'phoneNumber' is required [item 0]");
		expect(result.error?.httpCode).toBe('400');
		expect(result.error?.description).toBe('BIK answered 400 (Invalid payload). Check the values sent for this item.');
	});

	test('401 says the credential is wrong', async () => {
		api.reset(() => ({ status: 401, body: { status: 401, errors: [{ message: 'User is not authenticated' }] } }));
		const result = await bik({ operation: 'createOrUpdate', email: 'a@b.co' });
		expect(result.error?.message).toBe('Unauthorized: User is not authenticated [item 0]');
		expect(result.error?.description).toContain("Check the credential's key, secret or token, and that it may use this endpoint.");
	});

	test('404 points at the Base URL', async () => {
		api.reset(() => ({ status: 404, body: 'Cannot POST' }));
		const result = await bik({ operation: 'createOrUpdate', email: 'a@b.co' });
		expect(result.error?.message).toBe('Not found: Cannot POST [item 0]');
		expect(result.error?.description).toContain('Check the Base URL in the credential');
	});

	test('a 500 on an upsert is retried, then reported with the count', async () => {
		api.reset(() => ({ status: 500, body: { status: 500, errors: [{ message: 'We had a problem with our server' }] } }));
		const result = await bik({ operation: 'createOrUpdate', email: 'a@b.co', options: { maxRetries: 1, maxWait: 0.1 } });
		expect(api.received).toHaveLength(2);
		expect(result.error?.message).toBe('BIK server error: We had a problem with our server [item 0]');
		expect(result.error?.description).toContain('Tried 2 times.');
	});
});

describe('Get', () => {
	test('by partner customer ID, with the include flags', async () => {
		api.reset(() => answer);
		const result = await bik({ operation: 'get', lookUpBy: 'partnerCustomerId', customerId: 'abcd-122345', includeTags: false });
		const [request] = api.received;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/integrations/bikPlatformFunctions-customers/get');
		expect(request.headers.authorization).toBe(BASIC);
		expect(request.json).toEqual({ partnerCustomerId: 'abcd-122345', includeAssets: true, includeAddress: true, includeTags: false });
		expect(result.items).toEqual([{ json: customer, pairedItem: { item: 0 } }]);
	});

	test('by BIK customer ID from an expression, one request per item', async () => {
		api.reset(() => answer);
		const result = await bik({ operation: 'get', lookUpBy: 'bikCustomerId', customerId: '={{ $json.id }}' }, [{ id: 5482636 }, { id: 7 }]);
		expect(api.received.map((r) => r.json).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
			{ bikCustomerId: '5482636', includeAssets: true, includeAddress: true, includeTags: true },
			{ bikCustomerId: '7', includeAssets: true, includeAddress: true, includeTags: true },
		]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('an ID that resolves to nothing is rejected before sending', async () => {
		api.reset(() => answer);
		const result = await bik({ operation: 'get', customerId: '={{ $json.id }}' }, [{ id: '' }]);
		expect(result.error?.message).toBe('Invalid "Customer ID": is required [item 0]');
		expect(api.received).toHaveLength(0);
	});

	test('406 reads as "Customer not found" and is not retried', async () => {
		api.reset(() => ({ status: 406, body: { status: 406, errors: [{ message: 'Failed to get customer' }] } }));
		const result = await bik({ operation: 'get', customerId: 'nobody' });
		expect(result.error?.message).toBe('Customer not found: Failed to get customer [item 0]');
		expect(result.error?.httpCode).toBe('406');
		expect(api.received).toHaveLength(1);
	});

	test('406 with Continue On Fail: an error item for the missing one, the others found', async () => {
		api.reset((req) =>
			(req.json as { partnerCustomerId: string }).partnerCustomerId === 'nobody'
				? { status: 406, body: { status: 406, errors: [{ message: 'Failed to get customer' }] } }
				: answer,
		);
		const result = await bik({ operation: 'get', customerId: '={{ $json.id }}' }, [{ id: 'a' }, { id: 'nobody' }, { id: 'c' }], 'continueRegularOutput');
		expect(result.items.map((i) => i.json.error ?? i.json.id)).toEqual([5482636, 'Customer not found: Failed to get customer [item 1]', 5482636]);
		expect(result.items[1].json.details).toMatchObject({ httpCode: '406' });
	});
});
