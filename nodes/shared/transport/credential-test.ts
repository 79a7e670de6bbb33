import type { IAuthenticateRuleResponseCode, IAuthenticateRuleResponseSuccessBody, ICredentialTestRequest } from 'n8n-workflow';

/**
 * The rules of the credentials' `test` (the request the editor's Test button sends). How n8n
 * (2.41, CredentialsTester.runRequestTest) judges the answer:
 * - no answer (refused, unreachable, DNS): fails with the error's code, e.g. ECONNREFUSED;
 * - an HTTP status outside 2xx: fails with a `responseCode` rule's message for that status, else
 *   the status text ("Unauthorized"); unless the request sets `ignoreHttpStatusErrors`;
 * - a 2xx answer (or any answer, with `ignoreHttpStatusErrors`): fails with the message of the
 *   first `responseSuccessBody` rule whose key holds exactly its value (lodash `get`, `===`),
 *   and only then says "Connection successful!".
 * A rule can only fail the test: it cannot turn a non-2xx answer into success, and its message is
 * fixed text (n8n does not read the provider's message out of the answer), so the messages below
 * say what the provider documents for that answer.
 */

export type CredentialTestRules = NonNullable<ICredentialTestRequest['rules']>;
type Rule = IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody;

/** The rules in order. n8n runs both kinds from one list; its type only wants one kind per list. */
export function testRules(...rules: Array<Rule | Rule[]>): CredentialTestRules {
	return rules.flat() as CredentialTestRules;
}

/** Fails the test on this HTTP status, with this message. */
export function whenStatus(value: number, message: string): IAuthenticateRuleResponseCode {
	return { type: 'responseCode', properties: { value, message } };
}

/** Fails the test when the answer's `key` holds exactly `value`. */
export function whenBody(key: string, value: unknown, message: string): IAuthenticateRuleResponseSuccessBody {
	return { type: 'responseSuccessBody', properties: { key, value, message } };
}

/**
 * Fails the test when the answer has no `key` at all (n8n compares the missing value, undefined,
 * with the rule's undefined): an HTML error page, an empty body or another API's answer.
 */
export function whenMissing(key: string, message: string): IAuthenticateRuleResponseSuccessBody {
	return whenBody(key, undefined, message);
}

/**
 * For a test that ignores HTTP status errors because one of them means "the key works" (BIK's
 * 406 to a lookup of a customer that does not exist): fails on every other error status the
 * provider writes into its body under `key` (400 to 599), with the message `meaning` gives.
 */
export function whenBodyStatus(key: string, meaning: (status: number) => string, except: number[]): IAuthenticateRuleResponseSuccessBody[] {
	const statuses = Array.from({ length: 200 }, (_, i) => 400 + i).filter((status) => !except.includes(status));
	return statuses.map((status) => whenBody(key, status, meaning(status)));
}

/**
 * For `ignoreHttpStatusErrors: { ignore: true, except }`: every status from 300 to 599 but
 * `passing`, so that those statuses reach the body rules and every other one fails the test (with
 * a `responseCode` rule's message, else its status text), redirects included.
 */
export function exceptStatus(...passing: number[]): number[] {
	return Array.from({ length: 300 }, (_, i) => 300 + i).filter((status) => !passing.includes(status));
}
