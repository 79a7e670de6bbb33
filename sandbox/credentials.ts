/**
 * The sandbox's credentials. They are not secrets: they exist so that a user can create the five
 * n8n credentials against the sandbox (see docs/sandbox.md), and tests can use the same values.
 */
export const SANDBOX_CREDENTIALS = {
	bik: { apiKey: 'sandbox-bik-key', apiSecret: 'sandbox-bik-secret' },
	rehook: { apiKey: 'sandbox-rehook-key', secretKey: 'sandbox-rehook-secret' },
	rehookApp: { appId: 'sandbox-rehook-app', appSecret: 'sandbox-rehook-app-secret' },
	omnidesk: { apiKey: 'sandbox-omnidesk-key' },
	hyfin: { accessToken: 'sandbox-hyfin-token', siteId: 'sandbox-site' },
} as const;

/** The Base URL of each n8n credential for a sandbox listening at `url`. */
export function baseUrls(url: string) {
	return {
		bikApi: `${url}/bik/integrations`,
		rehookApi: `${url}/rehook`,
		rehookAppApi: `${url}/rehook`,
		omnideskApi: `${url}/omnidesk`,
		hyfinApi: `${url}/hyfin`,
	};
}

/** The five n8n credentials' data for a sandbox at `url`, keyed by credential type. */
export function credentialData(url: string) {
	const base = baseUrls(url);
	return {
		bikApi: { ...SANDBOX_CREDENTIALS.bik, baseUrl: base.bikApi },
		rehookApi: { ...SANDBOX_CREDENTIALS.rehook, baseUrl: base.rehookApi },
		rehookAppApi: { ...SANDBOX_CREDENTIALS.rehookApp, baseUrl: base.rehookAppApi },
		omnideskApi: { ...SANDBOX_CREDENTIALS.omnidesk, baseUrl: base.omnideskApi },
		hyfinApi: { ...SANDBOX_CREDENTIALS.hyfin, baseUrl: base.hyfinApi },
	};
}

/** Does a Basic Authorization header carry these credentials? */
export function isBasic(header: string | undefined, user: string, password: string): boolean {
	if (!header?.startsWith('Basic ')) return false;
	return Buffer.from(header.slice(6).trim(), 'base64').toString('utf8') === `${user}:${password}`;
}

/** The n8n credentials the examples use (id and name), by credential type. */
export const N8N_CREDENTIALS = {
	bikApi: { id: 'sandboxBikApi001', name: 'Sandbox BIK' },
	rehookApi: { id: 'sandboxRehook001', name: 'Sandbox Rehook' },
	rehookAppApi: { id: 'sandboxRehookAp1', name: 'Sandbox Rehook App' },
	omnideskApi: { id: 'sandboxOmnidesk1', name: 'Sandbox Omnidesk' },
	hyfinApi: { id: 'sandboxHyfinApi1', name: 'Sandbox Hyfin' },
} as const;

/** The file `n8n import:credentials --input=<file>` takes: the five credentials for a sandbox at `url`. */
export function n8nCredentialsFile(url: string) {
	const data = credentialData(url);
	return (Object.keys(N8N_CREDENTIALS) as Array<keyof typeof N8N_CREDENTIALS>).map((type) => ({
		...N8N_CREDENTIALS[type],
		type,
		data: data[type],
	}));
}

/**
 * n8n credentials the recipes need besides the providers': the signup recipe's Webhook accepts
 * only callers that send this header with this value (n8n's Header Auth credential). `npm start`
 * imports them with the five above. They guard the recipe's own webhook; no provider sees them.
 */
export const RECIPE_CREDENTIALS = [
	{ id: 'sandboxSignupHook', name: 'Signup Webhook Token', type: 'httpHeaderAuth', data: { name: 'X-Signup-Token', value: 'sandbox-signup-token' } },
] as const;

/** What `npm start` imports: the five provider credentials for a sandbox at `url`, and the recipes' own. */
export function allN8nCredentials(url: string) {
	return [...n8nCredentialsFile(url), ...RECIPE_CREDENTIALS];
}
