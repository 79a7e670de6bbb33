import { ProcessMemory, digest } from '../../nodes/shared/memory';

describe('ProcessMemory', () => {
	test('an entry is made once and found again under its key', () => {
		const memory = new ProcessMemory<{ n: number }>(1000);
		const made = memory.take('a', () => ({ n: 1 }), 0);
		expect(memory.take('a', () => ({ n: 2 }), 10)).toBe(made);
		expect(memory.size).toBe(1);
	});

	test('an entry quiet for longer than the quiet period is forgotten when another is taken; touching it restarts the period', () => {
		const memory = new ProcessMemory<string>(1000);
		memory.take('old', () => 'old', 0);
		memory.take('touched', () => 'touched', 0);
		memory.touch('touched', 900);
		memory.take('new', () => 'new', 1001);
		expect(memory.size).toBe(2);
		expect(memory.take('old', () => 'made again', 1002)).toBe('made again');
		expect(memory.take('touched', () => 'made again', 1003)).toBe('touched');
	});

	test('an entry in use is never forgotten, however long it has been quiet', () => {
		const busy = new Set(['running']);
		const memory = new ProcessMemory<string>(1000, (value) => busy.has(value));
		memory.take('running', () => 'running', 0);
		memory.take('other', () => 'other', 10_000_000);
		expect(memory.take('running', () => 'made again', 10_000_001)).toBe('running');
		busy.clear();
		memory.take('other', () => 'other', 20_000_000);
		expect(memory.take('running', () => 'made again', 20_000_001)).toBe('made again');
	});

	test('forget and clear', () => {
		const memory = new ProcessMemory<number>(1000);
		memory.take('a', () => 1, 0);
		memory.take('b', () => 2, 0);
		memory.forget('a');
		expect(memory.size).toBe(1);
		memory.clear();
		expect(memory.size).toBe(0);
	});
});

describe('keys', () => {
	test('a key is a one-way hash: it holds none of the values, and differs when any part does', () => {
		const key = ProcessMemory.keyOf('bikApi', 'https://api.example.com', { apiSecret: 'secret-marker-1234' });
		expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(key).not.toContain('marker');
		expect(key).not.toContain('example');
		expect(ProcessMemory.keyOf('bikApi', 'https://api.example.com', { apiSecret: 'secret-marker-1235' })).not.toBe(key);
		expect(ProcessMemory.keyOf('bikApi', 'https://api.example.com', { apiSecret: 'secret-marker-1234' })).toBe(key);
	});

	test('parts are kept apart: ["ab", "c"] and ["a", "bc"] differ', () => {
		expect(digest('ab', 'c')).not.toBe(digest('a', 'bc'));
	});
});
