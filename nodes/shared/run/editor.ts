import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { Params } from '../fields/params';
import { readSettings } from '../fields/options';
import { connect, send } from '../transport';
import { CallFailed, apiError } from '../transport/errors';
import { secretValues } from '../transport/secrets';
import type { ApiRequest, Provider } from '../types';

/**
 * One read the editor asks for while the user fills in a node (a resource locator's From List),
 * through the same transport as a run: the credential, the Pacer this credential shares with the
 * runs in this process, Retry-After and the retry policy with the default Options. A failure
 * becomes the NodeApiError with the provider's own message, which the editor shows in the list.
 */
export async function editorRead(ctx: ILoadOptionsFunctions, provider: Provider, credentialType: string, request: ApiRequest): Promise<unknown> {
	const node = ctx.getNode();
	const credentials = await ctx.getCredentials(credentialType);
	const connection = connect(ctx, provider, credentialType, credentials, readSettings(Params.of({})));
	const sent = await send(ctx, connection, request, { idempotent: true }).then(
		(body) => ({ body }),
		(error: unknown) => ({ error }),
	);
	if (!('error' in sent)) return sent.body;
	if (sent.error instanceof CallFailed) throw apiError(node, provider, sent.error.failure, undefined, secretValues(credentials, provider.secretFields));
	throw sent.error;
}
