import type { INodeProperties } from 'n8n-workflow';

import { asString, type Params } from '../../shared/fields/params';
import * as rules from '../../shared/fields/rules';
import type { BuildContext } from '../../shared/types';

/** The node option that overrides the credential's site ID. */
export const siteIdOption: INodeProperties = {
	displayName: 'Site ID',
	name: 'siteId',
	type: 'string',
	default: '',
	description: 'Use this site instead of the Site ID in the credential',
};

/** The site for this item: the node's Site ID option, or the credential's. */
export function siteId(params: Params, context: BuildContext): string {
	const override = asString(params.collection('options').siteId, 'Options › Site ID');
	if (override) return rules.pathSegment(override, 'Options › Site ID');
	const site = asString(context.credentials.siteId, 'Site ID');
	return rules.pathSegment(rules.required(site, 'Site ID', 'Enter the Site ID in the Hyfin credential, or set Options › Site ID'), 'Site ID');
}
