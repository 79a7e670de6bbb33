import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

/**
 * The credentials' `authenticate` functions. n8n's credentials helper calls a function-form
 * `authenticate` directly with the decrypted data and the request, and sends what it returns;
 * the declarative form would have n8n resolve an expression for every header on every request.
 */

/** A credential field as header text; a missing one is empty, as n8n's declarative form made it. */
export function credentialText(credentials: ICredentialDataDecryptedObject, field: string): string {
	const value = credentials[field];
	return value === undefined || value === null ? '' : String(value);
}

/** HTTP Basic: "Basic " and the base64 of the UTF-8 bytes of `user:password` (as n8n's base64Encode()). */
export function basicAuthorization(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/**
 * A copy of the request with `headers` added to the ones it has (a header of the same name is
 * replaced); the request passed in is left as it was.
 */
export function withHeaders(requestOptions: IHttpRequestOptions, headers: Record<string, string>): IHttpRequestOptions {
	return { ...requestOptions, headers: { ...requestOptions.headers, ...headers } };
}
