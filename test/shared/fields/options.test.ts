import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { DEFAULTS, commonOptions, readSettings } from '../../../nodes/shared/fields/options';
import { Params } from '../../../nodes/shared/fields/params';
import { fieldError } from '../../helpers/field-error';

const settingsOf = (options: unknown) => readSettings(Params.of({ options } as IDataObject));

describe('DEFAULTS', () => {
	it('are read from the option descriptions', () => {
		expect(DEFAULTS).toEqual({ concurrency: 5, maxConcurrency: 64, maxRetries: 5, maxWait: 60, timeout: 60 });
	});
});

describe('readSettings', () => {
	const defaults = { concurrency: undefined, maxConcurrency: 64, maxRetries: 5, maxWaitMs: 60_000, timeoutMs: 60_000 };

	it('uses the defaults when no options are set: Max Concurrency 64 in a node of version 1 (saved workflows run as before), 512 in version 2', () => {
		expect(readSettings(Params.of({}))).toEqual(defaults);
		expect(readSettings(Params.of({}), 1)).toEqual(defaults);
		expect(settingsOf({})).toEqual(defaults);
		expect(readSettings(Params.of({}), 2)).toEqual({ ...defaults, maxConcurrency: 512 });
		// A value the user set is kept in either version.
		expect(readSettings(Params.of({ options: { concurrencyControl: { settings: { maxConcurrency: 64 } } } }), 2)).toEqual(defaults);
		expect(readSettings(Params.of({ options: { maxConcurrency: 300 } }), 1)).toEqual({ ...defaults, maxConcurrency: 300 });
	});

	it('uses the defaults when the options are not an object', () => {
		expect(settingsOf('x')).toEqual(defaults);
		expect(settingsOf([1])).toEqual(defaults);
		expect(settingsOf(null)).toEqual(defaults);
	});

	it('reads custom values and turns seconds into milliseconds', () => {
		expect(settingsOf({ concurrency: 2, maxConcurrency: 8, maxRetries: 0, maxWait: 0.5, timeout: 10 })).toEqual({
			concurrency: 2,
			maxConcurrency: 8,
			maxRetries: 0,
			maxWaitMs: 500,
			timeoutMs: 10_000,
		});
		expect(settingsOf({ concurrency: 100, maxConcurrency: 1000, maxRetries: 20, maxWait: 3600, timeout: 3600 })).toEqual({
			concurrency: 100,
			maxConcurrency: 1000,
			maxRetries: 20,
			maxWaitMs: 3_600_000,
			timeoutMs: 3_600_000,
		});
	});

	it('keeps the defaults of the options that are not set', () => {
		expect(settingsOf({ concurrency: 1 })).toEqual({ ...defaults, concurrency: 1 });
		expect(settingsOf({ maxWait: 5 })).toEqual({ ...defaults, maxWaitMs: 5000 });
		expect(settingsOf({ timeout: 2 })).toEqual({ ...defaults, timeoutMs: 2000 });
		expect(settingsOf({ maxRetries: 9 })).toEqual({ ...defaults, maxRetries: 9 });
		expect(settingsOf({ maxConcurrency: 16 })).toEqual({ ...defaults, maxConcurrency: 16 });
	});

	it('reads numeric text from expressions', () => {
		expect(settingsOf({ concurrency: '3', maxConcurrency: '12', maxRetries: '2', maxWait: '1.5', timeout: ' 30 ' })).toEqual({
			concurrency: 3,
			maxConcurrency: 12,
			maxRetries: 2,
			maxWaitMs: 1500,
			timeoutMs: 30_000,
		});
	});

	it('accepts the smallest allowed values', () => {
		expect(settingsOf({ concurrency: 1, maxConcurrency: 1, maxRetries: 0, maxWait: 0, timeout: 0.001 })).toEqual({
			concurrency: 1,
			maxConcurrency: 1,
			maxRetries: 0,
			maxWaitMs: 0,
			timeoutMs: 1,
		});
	});

	it.each([
		['0', 0],
		['2.5', 2.5],
		['-1', -1],
		["'abc'", 'abc'],
		["'2.5'", '2.5'],
		['NaN', Number.NaN],
		['Infinity', Number.POSITIVE_INFINITY],
	])('rejects concurrency %s', (_name, concurrency) => {
		const error = fieldError(() => settingsOf({ concurrency }));
		expect(error.field).toBe('Options › Concurrency');
		expect(error.problem).toBe('must be a whole number of at least 1');
		expect(error.message).toBe('Options › Concurrency: must be a whole number of at least 1');
	});

	it.each([0, -1, 1.5, 'abc'])('rejects max concurrency %p', (maxConcurrency) => {
		const error = fieldError(() => settingsOf({ maxConcurrency }));
		expect(error.message).toBe('Options › Max Concurrency: must be a whole number of at least 1');
	});

	it.each([-1, 1.5, 'abc'])('rejects max retries %p', (maxRetries) => {
		const error = fieldError(() => settingsOf({ maxRetries }));
		expect(error.message).toBe('Options › Max Retries: must be a whole number of at least 0');
	});

	it.each([-1, -0.5, 'abc'])('rejects max wait %p', (maxWait) => {
		const error = fieldError(() => settingsOf({ maxWait }));
		expect(error.message).toBe('Options › Max Wait (Seconds): must be a number of at least 0');
	});

	it.each([0, 0.0009, -5, 'abc'])('rejects timeout %p', (timeout) => {
		const error = fieldError(() => settingsOf({ timeout }));
		expect(error.message).toBe('Options › Timeout (Seconds): must be a number of at least 0.001');
	});

	it('checks concurrency first when several options are wrong', () => {
		expect(fieldError(() => settingsOf({ concurrency: 0, maxRetries: -1 })).field).toBe('Options › Concurrency');
		expect(fieldError(() => settingsOf({ maxRetries: -1, timeout: 0 })).field).toBe('Options › Max Retries');
	});
});

describe('commonOptions', () => {
	const names = (property: INodeProperties) => (property.options as INodeProperties[]).map((option) => option.name);

	it('is one Options collection per node version, each sorted by display name', () => {
		const [v1, v2] = commonOptions();
		expect(v1).toMatchObject({ displayName: 'Options', name: 'options', type: 'collection', default: {}, displayOptions: { show: { '@version': [1] } } });
		expect(v2).toMatchObject({ displayName: 'Options', name: 'options', type: 'collection', default: {}, displayOptions: { show: { '@version': [2] } } });
		// Version 1 exactly as saved workflows know it.
		expect(names(v1)).toEqual(['concurrency', 'maxConcurrency', 'maxRetries', 'maxWait', 'timeout']);
		expect((v1.options as INodeProperties[]).map((option) => option.default)).toEqual([5, 64, 5, 60, 60]);
		// Version 2: one Concurrency choice instead of the two numbers.
		expect(names(v2)).toEqual(['concurrencyControl', 'maxRetries', 'maxWait', 'timeout']);
	});

	it('version 2: Concurrency is Adaptive or Fixed, each showing only its own number', () => {
		const control = (commonOptions()[1].options as INodeProperties[])[0];
		expect(control).toMatchObject({ displayName: 'Concurrency', type: 'fixedCollection', default: { settings: {} } });
		const values = (control.options as Array<{ values: INodeProperties[] }>)[0].values;
		const mode = values.find((value) => value.name === 'mode')!;
		expect(mode.default).toBe('adaptive');
		expect((mode.options as Array<{ name: string; value: string }>).map((option) => [option.name, option.value])).toEqual([
			['Adaptive', 'adaptive'],
			['Fixed', 'fixed'],
		]);
		const shownFor = (name: string) => values.find((value) => value.name === name)?.displayOptions?.show?.mode;
		expect([shownFor('requests'), values.find((value) => value.name === 'requests')?.default]).toEqual([['fixed'], 5]);
		expect([shownFor('maxConcurrency'), values.find((value) => value.name === 'maxConcurrency')?.default]).toEqual([['adaptive'], 512]);
	});

	it('Max Retries says how many times', () => {
		const maxRetries = (commonOptions()[1].options as INodeProperties[]).find((option) => option.name === 'maxRetries')!;
		expect(maxRetries.description).toMatch(/^How many times /);
	});

	it('sorts extra options in among the settings of both versions', () => {
		const extra: INodeProperties = { displayName: 'Batch Size', name: 'batchSize', type: 'number', default: 10 };
		const [v1, v2] = commonOptions([extra]);
		expect(names(v1)).toEqual(['batchSize', 'concurrency', 'maxConcurrency', 'maxRetries', 'maxWait', 'timeout']);
		expect(names(v2)).toEqual(['batchSize', 'concurrencyControl', 'maxRetries', 'maxWait', 'timeout']);
	});
});

describe('readSettings, version 2', () => {
	const v2 = (options: unknown) => readSettings(Params.of({ options } as IDataObject), 2);
	const defaults = { concurrency: undefined, maxConcurrency: 512, maxRetries: 5, maxWaitMs: 60_000, timeoutMs: 60_000 };

	it('is adaptive up to 512 without the option, and when the option is added as it comes', () => {
		expect(v2({})).toEqual(defaults);
		expect(v2({ concurrencyControl: { settings: {} } })).toEqual(defaults);
		expect(v2({ concurrencyControl: { settings: { mode: 'adaptive', maxConcurrency: 512 } } })).toEqual(defaults);
	});

	it('Adaptive takes its ceiling; Fixed takes its number, 5 unless told', () => {
		expect(v2({ concurrencyControl: { settings: { mode: 'adaptive', maxConcurrency: 12 } } })).toEqual({ ...defaults, maxConcurrency: 12 });
		expect(v2({ concurrencyControl: { settings: { mode: 'fixed' } } })).toEqual({ ...defaults, concurrency: 5 });
		expect(v2({ concurrencyControl: { settings: { mode: 'fixed', requests: 10 } } })).toEqual({ ...defaults, concurrency: 10 });
		// A number left over from the other mode does nothing.
		expect(v2({ concurrencyControl: { settings: { mode: 'fixed', requests: 3, maxConcurrency: 12 } } })).toEqual({ ...defaults, concurrency: 3 });
		expect(v2({ concurrencyControl: { settings: { mode: 'adaptive', requests: 3 } } })).toEqual(defaults);
	});

	it('ignores the version 1 numbers (they are not shown in version 2)', () => {
		expect(v2({ concurrency: 10, maxConcurrency: 3 })).toEqual(defaults);
	});

	it('names the field of a wrong value', () => {
		expect(fieldError(() => v2({ concurrencyControl: { settings: { mode: 'fixed', requests: 0 } } })).message).toBe(
			'Options › Concurrency › Requests in Flight: must be a whole number of at least 1',
		);
		expect(fieldError(() => v2({ concurrencyControl: { settings: { mode: 'adaptive', maxConcurrency: 1.5 } } })).message).toBe(
			'Options › Concurrency › Max Requests in Flight: must be a whole number of at least 1',
		);
		expect(fieldError(() => v2({ concurrencyControl: { settings: { mode: 'fast' } } })).field).toBe('Options › Concurrency › Mode');
	});

	it('reads the shared options as version 1 does', () => {
		expect(v2({ maxRetries: 0, maxWait: 1, timeout: 2 })).toEqual({ ...defaults, maxRetries: 0, maxWaitMs: 1000, timeoutMs: 2000 });
	});
});

describe('readSettings with cleared options', () => {
	it.each([null, ''])('uses the default when an option is %p (a cleared Concurrency: adaptive)', (value) => {
		const options = { concurrency: value, maxConcurrency: value, maxRetries: value, maxWait: value, timeout: value };
		expect(readSettings(Params.of({ options }))).toEqual({
			concurrency: undefined,
			maxConcurrency: 64,
			maxRetries: 5,
			maxWaitMs: 60_000,
			timeoutMs: 60_000,
		});
	});
});
