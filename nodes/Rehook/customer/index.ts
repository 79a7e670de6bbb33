import type { INodeProperties } from 'n8n-workflow';

import { customerProperties } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { create } from './create';
import { createOrUpdate } from './createOrUpdate';

/** The Customer operations; each takes its own credential (CREDENTIAL_OF_OPERATION). */
export const customerOperations: Record<string, Operation> = { createOrUpdate, create };

export const customerDescription: INodeProperties[] = customerProperties(customerOperations, 'createOrUpdate');
