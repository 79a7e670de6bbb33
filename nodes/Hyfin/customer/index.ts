import type { INodeProperties } from 'n8n-workflow';

import { customerProperties } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { addUpdate } from './addUpdate';
import { get } from './get';

export const customerOperations: Record<string, Operation> = { addUpdate, get };

export const customerDescription: INodeProperties[] = customerProperties(customerOperations, 'addUpdate');
