import type { INodeProperties } from 'n8n-workflow';

import { customerProperties } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { createOrUpdate } from './createOrUpdate';
import { get } from './get';

export const customerOperations: Record<string, Operation> = { createOrUpdate, get };

export const customerDescription: INodeProperties[] = customerProperties(customerOperations, 'createOrUpdate');
