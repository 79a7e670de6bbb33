import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { Params } from '../fields/params';
import { readSettings } from '../fields/options';
import { openConnection, send } from '../transport';
import { CallFailed, apiError } from '../transport/errors';
import type { ApiRequest, Provider } from '../types';

/**
 * One read the editor asks for while the user fills in a node (a resource locator's From List),
 * through the same transport as a run: the credential, the Pacer this credential shares with the
 * runs in this process, Retry-After and the retry policy with the default Options of the node's
 * version. A failure becomes the NodeApiError with the provider's own message, which the editor
 * shows in the list.
 */
export async function editorRead(ctx: ILoadOptionsFunctions, provider: Provider, credentialType: string, request: ApiRequest): Promise<unknown> {
	const node = ctx.getNode();
	const connection = await openConnection(ctx, provider, credentialType, readSettings(Params.of({}), node.typeVersion));
	const sent = await send(ctx, connection, request, { idempotent: true }).then(
		(body) => ({ body }),
		(error: unknown) => ({ error }),
	);
	if (!('error' in sent)) return sent.body;
	if (sent.error instanceof CallFailed) throw apiError(node, provider, sent.error.failure, undefined, connection.secrets);
	throw sent.error;
}
