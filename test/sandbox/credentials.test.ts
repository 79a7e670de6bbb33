import { credentialData } from '../../sandbox/credentials';
import { Sandbox } from '../../sandbox/server';
import { testCredential } from '../helpers/credential-test';

/** The five credentials, filled in as docs/sandbox.md says, pass n8n's credential test against the sandbox. */
const sandbox = new Sandbox();
let data: ReturnType<typeof credentialData>;
beforeAll(async () => {
	data = credentialData(await sandbox.start());
});
afterAll(() => sandbox.stop());

const types = ['bikApi', 'rehookApi', 'rehookAppApi', 'omnideskApi', 'hyfinApi'] as const;
const secretOf: Record<(typeof types)[number], string> = {
	bikApi: 'apiSecret',
	rehookApi: 'secretKey',
	rehookAppApi: 'appSecret',
	omnideskApi: 'apiKey',
	hyfinApi: 'accessToken',
};

test.each(types)('%s passes with the sandbox credentials and fails with a wrong secret', async (type) => {
	expect(await testCredential(type, data[type])).toEqual({ status: 'OK' });
	expect((await testCredential(type, { ...data[type], [secretOf[type]]: 'wrong' })).status).toBe('Error');
});

test('the credential tests changed nothing in the sandbox', () => {
	expect(sandbox.sims.bik.state()).toEqual({ customers: 0 });
	expect(sandbox.sims.hyfin.state()).toEqual({ customers: 0 });
});
